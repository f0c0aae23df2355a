// The only place the client keeps anything: sessionStorage of this tab, never a cookie and
// never localStorage (a shared family device must not remember the visit). Every access is
// guarded because storage can be switched off or full; the app then simply forgets on reload.

const prefix = 'ibasho.';

function store(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function load<T>(key: string): T | null {
  try {
    const raw = store()?.getItem(prefix + key);
    return raw == null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

export function save(key: string, value: unknown): void {
  try {
    store()?.setItem(prefix + key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: keeping it in memory is enough.
  }
}

export function remove(key: string): void {
  try {
    store()?.removeItem(prefix + key);
  } catch {
    // ignore
  }
}

// Quick exit: leave nothing behind, ours or anyone else's on this origin.
export function wipeAll(): void {
  try {
    window.sessionStorage.clear();
  } catch {
    // ignore
  }
  try {
    window.localStorage.clear();
  } catch {
    // ignore
  }
}
