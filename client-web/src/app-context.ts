// What the composition root hands to each set of screens (the participant's now; the
// supporter's and organiser's later): the stores, the router and the few app-wide actions.

import { Router } from './router';
import { DirectoryStore } from './state/help-directory';
import { SessionStore } from './state/session-store';

export interface AppContext {
  readonly session: SessionStore;
  readonly directory: DirectoryStore;
  readonly router: Router;
  startConnection(): void;
  askRooms(): void;
  openHelp(): void;
  switchLang(): void;
  announce(text: string): void;
  // Issue 11, for the staff screens: say hello again on a fresh socket (the staff token goes
  // with hello), and something to do at quick exit (log the staff token out).
  restartConnection(): void;
  onQuickExit(fn: () => void): void;
}
