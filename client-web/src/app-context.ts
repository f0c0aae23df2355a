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
}
