// One record being edited, with no DOM: the draft, the version it was read at (ETag), the
// problems per field (from the form's own checks, then the server's 400/409 naming a field),
// and what a stale save (412) found. A 412 is never turned into a silent overwrite: the
// session reads the current version and holds it as `theirs` until the organiser either takes
// it (their edits are dropped) or keeps their own, which only re-bases on the new ETag so the
// next save is an explicit "save mine over theirs".

import { Emitter } from '../../state/emitter';
import { Failure, Result } from './org-api';
import { Problems } from './org-records';

export type SaveState = 'idle' | 'saving' | 'saved' | 'invalid' | 'stale' | 'conflict' | 'failed';

export interface EditOps<T> {
  check(draft: T, creating: boolean): Problems;
  save(draft: T, creating: boolean, etag: string): Promise<Result<T>>;
  reload(draft: T): Promise<Result<T>>;
}

export class EditSession<T> {
  readonly changes = new Emitter<void>();
  state: SaveState = 'idle';
  problems: Problems = {};
  messages: Record<string, string> = {}; // the server's own words for a field, when it sent some
  general: Failure | null = null; // a failure that names no field on this form
  theirs: { value: T; etag: string } | null = null;

  constructor(
    private readonly ops: EditOps<T>,
    public draft: T,
    public etag: string,
    public creating: boolean,
    // The fields this form shows: a server problem about any other goes to `general`.
    private readonly fields: string[],
  ) {}

  edit(fn: (d: T) => void): void {
    fn(this.draft);
    if (this.state === 'saved') this.state = 'idle';
    this.changes.emit();
  }

  // The first field with a problem, in the form's order (focus goes there).
  firstProblem(): string | null {
    return this.fields.find((f) => f in this.problems) ?? Object.keys(this.problems)[0] ?? null;
  }

  async save(): Promise<SaveState> {
    if (this.state === 'saving') return this.state;
    this.problems = this.ops.check(this.draft, this.creating);
    this.messages = {};
    this.general = null;
    if (Object.keys(this.problems).length > 0) return this.set('invalid');
    this.set('saving');
    const r = await this.ops.save(this.draft, this.creating, this.etag);
    if (r.ok) {
      this.draft = r.value;
      this.etag = r.etag || this.etag;
      this.creating = false;
      this.theirs = null;
      return this.set('saved');
    }
    if (r.code === 'precondition_failed') {
      const now = await this.ops.reload(this.draft);
      this.theirs = now.ok ? { value: now.value, etag: now.etag } : null;
      if (!now.ok) this.general = now;
      return this.set('stale');
    }
    this.absorb(r);
    return this.set(r.status === 409 ? 'conflict' : r.field ? 'invalid' : 'failed');
  }

  // Take the version someone else saved; the organiser's own edits are dropped.
  takeTheirs(): void {
    if (!this.theirs) return;
    this.draft = this.theirs.value;
    this.etag = this.theirs.etag;
    this.theirs = null;
    this.set('idle');
  }

  // Keep editing their own draft on top of the newer version: the next save overwrites it,
  // which the organiser has now chosen knowingly.
  keepMine(): void {
    if (!this.theirs) return;
    this.etag = this.theirs.etag;
    this.theirs = null;
    this.set('idle');
  }

  // A server failure: on a field of this form, or general.
  absorb(f: Failure): void {
    const field = f.field ? this.fieldOf(f.field) : null;
    if (field) {
      this.problems[field] = f.status === 409 ? 'conflict' : 'server';
      if (f.message) this.messages[field] = f.message;
    } else this.general = f;
  }

  // The server may name a deeper field than the form has ('name.ja' when the form shows
  // 'name'): the nearest field of the form that holds it.
  private fieldOf(f: string): string | null {
    let at = f;
    for (;;) {
      if (this.fields.includes(at)) return at;
      const cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
      if (cut <= 0) return null;
      at = at.slice(0, cut);
    }
  }

  private set(s: SaveState): SaveState {
    this.state = s;
    this.changes.emit();
    return s;
  }
}
