// Requests that the server answers by `ref` (issue 11: reports, asks, every supporter action):
// each gets a client id, and settles once with `done` (or the answer named by `ref`), an
// `error` carrying that ref, or a timeout. No DOM; time comes through the Timers port.

import { newId } from '../protocol';
import { Timers, Wire, realTimers } from './emitter';

export type Outcome =
  | { ok: true; frame: Record<string, unknown> } // `done`, or another answer with this ref
  | { ok: false; code: string; retryAfterMs?: number; message?: string };

export const requestTimeoutMs = 10000;

interface Waiting {
  settle: (o: Outcome) => void;
  timer: unknown;
}

export class Requests {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly wire: Wire, private readonly timers: Timers = realTimers) {}

  // Sends `frame` with a fresh `id`; the promise settles once, never rejects.
  send(frame: Record<string, unknown>): Promise<Outcome> {
    const id = newId('c');
    return new Promise((resolve) => {
      if (!this.wire.ready() || !this.wire.send({ ...frame, id })) {
        resolve({ ok: false, code: 'not_connected' });
        return;
      }
      const timer = this.timers.set(() => this.settle(id, { ok: false, code: 'timeout' }), requestTimeoutMs);
      this.waiting.set(id, { settle: resolve, timer });
    });
  }

  has(ref: unknown): boolean {
    return typeof ref === 'string' && this.waiting.has(ref);
  }

  // A server frame that may answer one of ours: true when it did (and was consumed).
  answer(m: { type: string; ref?: string; code?: string; retry_after_ms?: number; message?: string }): boolean {
    if (!this.has(m.ref)) return false;
    const ref = m.ref as string;
    if (m.type === 'error') {
      this.settle(ref, { ok: false, code: m.code ?? 'error', retryAfterMs: m.retry_after_ms, message: m.message });
    } else {
      this.settle(ref, { ok: true, frame: m as unknown as Record<string, unknown> });
    }
    return true;
  }

  // The connection dropped: nothing in flight will be answered on the next socket.
  disconnected(): void {
    for (const id of Array.from(this.waiting.keys())) this.settle(id, { ok: false, code: 'not_connected' });
  }

  private settle(id: string, o: Outcome): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    this.timers.clear(w.timer);
    w.settle(o);
  }
}
