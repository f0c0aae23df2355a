// The help directory as data, with no DOM: hotlines and local windows, read from /api/help
// (the organisers' copy in the server's Store) and, should that fail, from the shipped
// /help/directory.json, so help is reachable even when the store is not. Loaded once per page,
// on the first screen; screens subscribe to hear when it arrives or fails.

import { Text2 } from '../protocol';
import { Emitter } from './emitter';

export interface HelpEntry {
  id: string;
  name: Text2;
  about?: Text2;
  // A hotline has a number; a kind of window (every area has its own) has instead how to
  // find the local one, and a url only where the organisers are sure of it.
  tel?: string;
  url?: string;
  find?: Text2;
  hours: Text2 | null;
  featured?: boolean;
  // Who the entry is for: 'family' puts it on the families' path.
  for?: string;
}

// The entries on the families' path, in the file's order.
export function familyEntries(d: Directory | null): HelpEntry[] {
  return d ? d.entries.filter((e) => e.for === 'family') : [];
}

export interface Directory {
  emergency: { name: Text2; tel: string } | null;
  entries: HelpEntry[];
}

function isText2(v: unknown): v is Text2 {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

// Keeps only well-formed entries: a typo in the data file must not break the page.
export function parseDirectory(raw: unknown): Directory {
  const out: Directory = { emergency: null, entries: [] };
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as Record<string, unknown>;
  const em = r.emergency as Record<string, unknown> | undefined;
  if (em && typeof em.tel === 'string' && isText2(em.name)) out.emergency = { tel: em.tel, name: em.name };
  if (Array.isArray(r.entries)) {
    for (const e of r.entries as Record<string, unknown>[]) {
      if (!e || !isText2(e.name)) continue;
      const tel = typeof e.tel === 'string' && e.tel !== '' ? e.tel : undefined;
      const url = typeof e.url === 'string' && /^https:\/\//.test(e.url) ? e.url : undefined;
      const find = isText2(e.find) ? e.find : undefined;
      // Nothing to call, open or look for: nothing to show.
      if (!tel && !url && !find) continue;
      out.entries.push({
        id: typeof e.id === 'string' ? e.id : (tel ?? url ?? ''),
        name: e.name,
        about: isText2(e.about) ? e.about : undefined,
        tel, url, find,
        hours: isText2(e.hours) ? e.hours : null,
        featured: e.featured === true,
        for: typeof e.for === 'string' ? e.for : undefined,
      });
    }
  }
  return out;
}

let loading: Promise<Directory> | null = null;

export function loadDirectory(): Promise<Directory> {
  if (!loading) {
    const get = (url: string) =>
      fetch(url, { cache: 'no-cache', credentials: 'omit' }).then((res) => {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      });
    loading = get('/api/help')
      .catch(() => get('/help/directory.json'))
      .then(parseDirectory)
      .catch((err) => {
        loading = null; // allow a retry
        throw err;
      });
  }
  return loading;
}

// What screens read: the directory once loaded, or that loading failed (with a retry).
export class DirectoryStore {
  readonly changes = new Emitter<void>();
  directory: Directory | null = null;
  failed = false;

  constructor(private readonly load: () => Promise<Directory> = loadDirectory) {}

  fetch(): void {
    this.failed = false;
    this.load().then(
      (d) => {
        this.directory = d;
        this.changes.emit();
      },
      () => {
        this.failed = true;
        this.changes.emit();
      },
    );
  }

  // Quick exit: nothing kept.
  clear(): void {
    this.directory = null;
  }
}
