// Change subscriptions for the state modules: listeners are plain functions, and `on` returns
// the function that removes the listener (a screen calls it when it is disposed).

export type Unsubscribe = () => void;

export class Emitter<T> {
  private listeners: ((change: T) => void)[] = [];

  on(listener: (change: T) => void): Unsubscribe {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(change: T): void {
    // A copy: a listener may unsubscribe (or subscribe another) while we are calling them.
    for (const l of this.listeners.slice()) l(change);
  }
}

// The outside world the stores talk to, so tests can stand in for the socket and the timers.
export interface Wire {
  send(frame: object): boolean;
  ready(): boolean;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
