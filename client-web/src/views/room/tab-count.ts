// Issue 13: an opt-in, privacy-safe sign on a background tab. While the page is hidden and the
// switch is on, the tab's title becomes a neutral count — 「(3) メモ」 — with no words of any
// message, no notification and no sound. Coming back to the tab puts the discreet title back.
// The switch lives in memory only (never stored): a reload turns it off again.

import { t } from '../../i18n';

let enabled = false;
let count = 0;
let listening = false;

function title(): string {
  return count > 0 ? `(${count}) ${t('discreetTitle')}` : t('discreetTitle');
}

const onVisible = (): void => {
  if (document.visibilityState !== 'visible') return;
  count = 0;
  document.title = t('discreetTitle');
};

export function tabCountOn(): boolean {
  return enabled;
}

export function setTabCount(on: boolean): void {
  enabled = on;
  count = 0;
  document.title = t('discreetTitle');
  if (!listening) {
    document.addEventListener('visibilitychange', onVisible);
    listening = true;
  }
}

// A message or stamp from someone else arrived live.
export function tabCountBump(): void {
  if (!enabled || document.visibilityState === 'visible') return;
  count += 1;
  document.title = title();
}
