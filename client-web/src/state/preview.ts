// Issue 13, "looking without being seen": a read-only look into a room before joining. One
// `peek` per look (and per "refresh"), answered by one `preview` with our ref; nobody in the
// room is told. No DOM: the view (views/preview.ts) draws what `shown` says.

import { RoomEvent } from '../protocol';
import { Emitter } from './emitter';
import { Outcome, Requests } from './requests';

// One line of the preview: a message as members saw it, or the place of a hidden one.
export interface PreviewLine {
  seq: number;
  nick: string;
  text: string;
  ts: number;
  hidden: boolean;
  badge?: string;
}

export type PreviewShown =
  | { kind: 'loading' }
  | { kind: 'messages'; count: number; quiet: number; lines: PreviewLine[] }
  | { kind: 'about' }
  | { kind: 'failed'; code: string; retryAfterMs?: number };

// Messages and hidden entries, oldest first; stamps and hide/unhide events are left out (a
// hidden message already stands as `hidden`, and a later `unhide` brings its text back only
// for members, who read the history again).
export function linesOf(events: RoomEvent[] | undefined): PreviewLine[] {
  const out: PreviewLine[] = [];
  for (const ev of events ?? []) {
    if (!ev || typeof ev !== 'object') continue;
    if (ev.type === 'message') {
      out.push({ seq: ev.seq, nick: ev.nick, text: ev.text, ts: ev.ts, hidden: false, badge: ev.badge });
    } else if (ev.type === 'hidden') {
      out.push({ seq: ev.seq, nick: '', text: '', ts: ev.ts, hidden: true });
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}

export function shownOf(o: Outcome): PreviewShown {
  if (!o.ok) {
    const failed: PreviewShown = { kind: 'failed', code: o.code };
    if (o.retryAfterMs !== undefined) failed.retryAfterMs = o.retryAfterMs;
    return failed;
  }
  const f = o.frame as { type?: string; view?: string; count?: number; quiet?: number; messages?: RoomEvent[] };
  if (f.type !== 'preview') return { kind: 'failed', code: 'internal_error' };
  if (f.view !== 'messages') return { kind: 'about' };
  return {
    kind: 'messages',
    count: typeof f.count === 'number' ? f.count : 0,
    quiet: typeof f.quiet === 'number' ? f.quiet : 0,
    lines: linesOf(f.messages),
  };
}

export class PreviewStore {
  readonly changes = new Emitter<PreviewShown>();
  shown: PreviewShown = { kind: 'loading' };
  private asking = 0;

  constructor(private readonly requests: Requests, readonly room: string) {}

  // Asks again; an answer to an older look that arrives late is dropped.
  async look(): Promise<void> {
    const mine = ++this.asking;
    this.shown = { kind: 'loading' };
    this.changes.emit(this.shown);
    const o = await this.requests.send({ type: 'peek', room: this.room });
    if (mine !== this.asking) return;
    this.shown = shownOf(o);
    this.changes.emit(this.shown);
  }

  // The screen went away: whatever is still on its way is not wanted.
  dispose(): void {
    this.asking++;
  }
}
