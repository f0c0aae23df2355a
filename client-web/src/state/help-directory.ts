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
  // Issue 14: the prefecture it serves (`JP-13`; absent: national) and the organisation that keeps it.
  region?: string;
  org?: string;
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
        // Organisers' entries (issue 14) say who they are for as an `audience` list.
        for: typeof e.for === 'string' ? e.for
          : Array.isArray(e.audience) && e.audience.length === 1 && e.audience[0] === 'family' ? 'family' : undefined,
        region: typeof e.region === 'string' && e.region !== '' ? e.region : undefined,
        org: typeof e.org === 'string' ? e.org : undefined,
      });
    }
  }
  return out;
}

let loading: Promise<Directory> | null = null;
let loadingFor = '';

// `region` (issue 14): the prefecture the person chose on this device, sent only to our own
// /api/help, which puts that region's entries first.
export function loadDirectory(region = ''): Promise<Directory> {
  if (loading && loadingFor !== region) loading = null;
  if (!loading) {
    loadingFor = region;
    const get = (url: string) =>
      fetch(url, { cache: 'no-cache', credentials: 'omit' }).then((res) => {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      });
    loading = get(region ? '/api/help?region=' + encodeURIComponent(region) : '/api/help')
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

  // The region the directory is asked for (set by the help screen's region choice).
  region = '';

  constructor(private readonly load: (region: string) => Promise<Directory> = loadDirectory) {}

  fetch(): void {
    this.failed = false;
    const asked = this.region;
    this.load(asked).then(
      (d) => {
        if (asked !== this.region) return; // the person chose again meanwhile
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
