// The only place the client keeps anything: sessionStorage of this tab, never a cookie. The one
// exception is the help directory's region (issue 14), which the person chooses to have
// remembered on this device (`device*` below: localStorage, one key, a prefecture code that
// says nothing about who they are; "not chosen" removes it, and quick exit wipes it). Every
// access is guarded because storage can be switched off or full; the app then simply forgets.

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

function device(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// Kept on this device across visits: only what the person chose to have remembered.
export function deviceLoad(key: string): string | null {
  try {
    return device()?.getItem(prefix + key) ?? null;
  } catch {
    return null;
  }
}

export function deviceSave(key: string, value: string | null): void {
  try {
    if (value === null) device()?.removeItem(prefix + key);
    else device()?.setItem(prefix + key, value);
  } catch {
    // Storage full or disabled: the choice lasts for this page only.
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
