// What is on every screen, outside <main>: the top bar (help, quick exit), the connection
// banner and the polite live region that reads out new messages.

import { lang, t } from '../i18n';

export class Chrome {
  readonly helpBtn = document.getElementById('help-btn') as HTMLButtonElement;
  readonly exitBtn = document.getElementById('exit-btn') as HTMLAnchorElement;
  private readonly banner = document.getElementById('banner') as HTMLElement;
  private readonly announcer = document.getElementById('announcer') as HTMLElement;
  private bannerTimer: ReturnType<typeof setTimeout> | undefined;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private announceQueue: string[] = [];

  translate(): void {
    // Discreet mode, always on: the tab and the browser's history never name the place.
    document.title = t('discreetTitle');
    (document.querySelector('.brand-name') as HTMLElement).textContent = t('appName');
    const sub = document.querySelector('.brand-sub') as HTMLElement;
    sub.textContent = t('appNameSub');
    if (lang() === 'en') sub.setAttribute('lang', 'ja');
    else sub.removeAttribute('lang');
    this.helpBtn.querySelector('span')!.textContent = t('help');
    this.exitBtn.querySelector('span')!.textContent = t('quickExit');
    this.exitBtn.setAttribute('aria-label', t('quickExitLabel'));
    document.querySelector('.top-actions')?.setAttribute('aria-label', lang() === 'ja' ? 'いつでも使えるボタン' : 'Always available');
  }

  // The connection as the person needs to know it: offline, reconnecting, back (for 3 s).
  connection(state: 'offline' | 'reconnecting' | 'back' | 'none'): void {
    if (this.bannerTimer !== undefined) clearTimeout(this.bannerTimer);
    this.bannerTimer = undefined;
    if (state === 'offline') this.setBanner(t('bannerOffline'), 'offline');
    else if (state === 'reconnecting') this.setBanner(t('bannerReconnecting'), 'offline');
    else if (state === 'back') {
      if (this.banner.textContent) {
        this.setBanner(t('bannerBack'), 'back');
        this.bannerTimer = setTimeout(() => this.setBanner('', ''), 3000);
      }
    } else this.setBanner('', '');
  }

  private setBanner(text: string, kind: string): void {
    if (this.banner.textContent !== text) this.banner.textContent = text;
    this.banner.className = `banner${kind ? ' banner-' + kind : ''}`;
  }

  // Polite, batched: a burst of messages becomes one announcement, not a flood.
  announce(text: string): void {
    this.announceQueue.push(text);
    if (this.announceTimer !== undefined) return;
    this.announceTimer = setTimeout(() => {
      this.announceTimer = undefined;
      const q = this.announceQueue;
      this.announceQueue = [];
      const out = q.length <= 3 ? q.join('。 ') : t('roomCatchUp', { n: q.length });
      this.announcer.textContent = '';
      setTimeout(() => (this.announcer.textContent = out), 50);
    }, 700);
  }

  forget(): void {
    this.announceQueue = [];
  }
}
