// Issue 13: Android's and the browser's Back move between the participant's screens — an
// overlay closes, the room goes back to the room list, the list (and every other screen) to
// the first screen — without leaving traces in the history beyond the one app address.
//
// How: while any screen but the first one is shown (or an overlay is open), the history holds
// one extra entry with the same URL and a state object (`pushState`, never a new address).
// Back pops it; we handle the step and put the one entry back if there is still somewhere to
// go back to. On the first screen there is none, so the next Back leaves the app as usual.
// Quick exit replaces the current entry (`location.replace`), as before.

import { Router } from './router';

const mark = 'ibasho-back';

function armed(): boolean {
  const s = history.state as { [mark]?: boolean } | null;
  return !!s && s[mark] === true;
}

export interface BackHost {
  router: Router;
  // Closes what sits over the screen (the help overlay); true when something was closed.
  closeOverlay(): boolean;
  overlayOpen(): boolean;
  // One step back from this screen (the room: leave it, as its own "back" button does).
  back(name: string, params: Record<string, string>): void;
  // Routes that are not the participant's (the staff screens): Back is theirs.
  ignore(): boolean;
}

export function installBack(host: BackHost): { arm(): void; dispose(): void } {
  const arm = (): void => {
    if (host.ignore() || armed()) return;
    const route = host.router.current;
    if ((route && route.name !== 'landing') || host.overlayOpen()) {
      history.pushState({ [mark]: true }, '', location.href);
    }
  };
  const off = host.router.changes.on(arm);
  const onPop = (): void => {
    if (host.ignore() || armed()) return;
    if (host.closeOverlay()) {
      arm();
      return;
    }
    const route = host.router.current;
    if (!route || route.name === 'landing') {
      // Nothing left to go back to inside the app (the entry was left from an overlay closed
      // by its own button): this Back leaves, as the person meant.
      history.back();
      return;
    }
    host.back(route.name, route.params);
    arm();
  };
  window.addEventListener('popstate', onPop);
  arm();
  return {
    arm,
    dispose: () => {
      off();
      window.removeEventListener('popstate', onPop);
    },
  };
}

// Quick exit: step off our extra entry first (when it is there), so that the neutral page
// replaces the app's own address and Back from it does not lead to the app. `then` runs once,
// on the popstate, or after a short wait should the browser not tell us.
export function leaveOurEntry(then: () => void): void {
  if (!armed()) {
    then();
    return;
  }
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    window.removeEventListener('popstate', once);
    then();
  };
  window.addEventListener('popstate', once);
  setTimeout(once, 300);
  history.back();
}

// Where Back goes from each of the participant's screens.
export function parentOf(name: string): string {
  if (name === 'room' || name === 'join') return 'rooms';
  return 'landing';
}
