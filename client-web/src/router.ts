// The screen router: screens register by name (the participant's here, the supporter's and
// organiser's later, each from its own file), and `go` swaps the one on display. It has no DOM
// of its own: the host mounts what a screen built, and keeps the route for a reload.

import { Emitter } from './state/emitter';

export type Params = Record<string, string>;

export interface Route {
  name: string;
  params: Params;
}

// One screen on display. `dispose` lets go of its subscriptions and timers.
export interface Screen {
  readonly el: HTMLElement;
  focus?(): void; // after mounting, when focus should move; the host focuses the h1 otherwise
  dispose?(): void;
  // A seat this screen asked for has opened: true keeps it (the app leaves unclaimed ones).
  opened?(room: string): boolean;
  // A join this screen asked for was refused (error code of docs/protocol.md).
  // nickname_taken brings the nicknames free in the room.
  joinFailed?(room: string, code: string, retryAfterMs?: number, suggestions?: string[]): void;
  // A join this screen asked for waits for a supporter to let it in (the room's shield).
  held?(room: string): void;
}

export interface ScreenSpec {
  // Builds the screen for these params, or null when it cannot be shown (the host's `fallback`
  // route is shown instead). Called again on `refresh` (a language switch).
  build(params: Params): Screen | null;
  // Called once per `go` to this screen, before building (not on refresh).
  enter?(params: Params): void;
  // A reload comes back to a saved route; 'clear' forgets the saved one; unset keeps it as is.
  remember?: 'save' | 'clear';
  // A class on <body> while the screen is shown (the room's full-height layout).
  bodyClass?: string;
}

export interface RouterHost {
  mount(screen: Screen, focus: boolean, route: Route): void;
  remember(route: Route | null): void;
  bodyClass(cls: string, on: boolean): void;
}

export class Router {
  readonly changes = new Emitter<Route>();
  private readonly specs = new Map<string, ScreenSpec>();
  private route: Route | null = null;
  private shown: Screen | null = null;

  constructor(private readonly host: RouterHost, private readonly fallback: Route) {}

  // Names are unique: a second screen under one name is a programming error at start-up.
  register(name: string, spec: ScreenSpec): void {
    if (this.specs.has(name)) throw new Error(`screen "${name}" is registered twice`);
    this.specs.set(name, spec);
  }

  has(name: string): boolean {
    return this.specs.has(name);
  }

  get current(): Route | null {
    return this.route;
  }

  get screen(): Screen | null {
    return this.shown;
  }

  // True when this screen is on display (and, if given, with these params).
  is(name: string, params?: Params): boolean {
    if (!this.route || this.route.name !== name) return false;
    if (!params) return true;
    return Object.keys(params).every((k) => this.route?.params[k] === params[k]);
  }

  go(name: string, params: Params = {}, opts: { focus?: boolean } = {}): void {
    let spec = this.specs.get(name);
    if (!spec) {
      name = this.fallback.name;
      params = this.fallback.params;
      spec = this.specs.get(name);
      if (!spec) throw new Error(`no screen "${name}"`);
    }
    spec.enter?.(params);
    this.show(name, params, spec, opts.focus !== false);
  }

  // Builds the current screen again (after a language switch), focus as asked.
  refresh(focus: boolean): void {
    if (!this.route) return;
    const spec = this.specs.get(this.route.name);
    if (spec) this.show(this.route.name, this.route.params, spec, focus);
  }

  private show(name: string, params: Params, spec: ScreenSpec, focus: boolean): void {
    const screen = spec.build(params);
    if (!screen) {
      if (name === this.fallback.name) throw new Error(`fallback screen "${name}" cannot be built`);
      this.go(this.fallback.name, this.fallback.params, { focus });
      return;
    }
    const before = this.route ? this.specs.get(this.route.name) : undefined;
    this.shown?.dispose?.();
    if (before?.bodyClass) this.host.bodyClass(before.bodyClass, false);
    this.route = { name, params };
    this.shown = screen;
    if (spec.remember === 'save') this.host.remember(this.route);
    else if (spec.remember === 'clear') this.host.remember(null);
    if (spec.bodyClass) this.host.bodyClass(spec.bodyClass, true);
    this.host.mount(screen, focus, this.route);
    this.changes.emit(this.route);
  }
}
