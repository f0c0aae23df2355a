// The wire protocol, version 1 (docs/protocol.md): the frames this client sends and the ones it
// reads. Unknown types and unknown fields are ignored, as the protocol asks.

export type Text2 = { ja?: string; en?: string };

export type StampKey = 'like' | 'wakaru' | 'thanks' | 'hug';
export const stampKeys: readonly StampKey[] = ['like', 'wakaru', 'thanks', 'hug'];

export interface RoomInfo {
  id: string;
  name: Text2;
  description: Text2;
  rules: Text2;
  audience: string[];
  state: 'open' | 'locked' | 'paused' | 'closed' | string;
  capacity: number;
  members: number;
  listening: number;
  presence: 'names' | 'counts' | string;
  slow_mode_s: number;
  limited: boolean;
}

export interface Welcome { type: 'welcome'; session: string; v: number; resumed: boolean; idle_ttl_s?: number }
export interface RoomList { type: 'room_list'; rooms: RoomInfo[] }
export interface Joined { type: 'joined'; room: string; member: string; nick: string; seq: number; listening?: boolean; resumed?: boolean }
export interface MessageEvent { type: 'message'; room: string; seq: number; from: string; nick: string; text: string; ts: number; id: string }
export interface StampEvent { type: 'stamp'; room: string; seq: number; from: string; nick: string; stamp: string; ts: number; id: string; on?: number }
export interface PresenceMember { member: string; nick: string; listening: boolean }
export interface Presence { type: 'presence'; room: string; count: number; listening: number; members?: PresenceMember[] }
export interface Gap { type: 'gap'; room: string; from: number; to: number }
export interface Left { type: 'left'; room: string }
export interface ErrorFrame { type: 'error'; code: string; message?: string; ref?: string; retry_after_ms?: number }

export type ServerMessage =
  | Welcome | RoomList | Joined | MessageEvent | StampEvent | Presence | Gap | Left | ErrorFrame;

const known = new Set(['welcome', 'room_list', 'joined', 'message', 'stamp', 'presence', 'gap', 'left', 'error']);

// A server frame holds one JSON object, or several separated by "\n". Lines that are not a
// JSON object with a known type are skipped: a newer server may send more.
export function splitFrame(data: string): ServerMessage[] {
  const out: ServerMessage[] = [];
  for (const line of data.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const type = (v as { type?: unknown }).type;
        if (typeof type === 'string' && known.has(type)) out.push(v as ServerMessage);
      }
    } catch {
      // A line we cannot read is dropped; the rest of the frame still counts.
    }
  }
  return out;
}

// Close codes (docs/protocol.md, "Close codes") and what to do about each.
export type ClosePlan =
  | { kind: 'retry'; delayMs: number }
  | { kind: 'backoff' }
  | { kind: 'stop'; reason: 'replaced' | 'removed' };

export function planForClose(code: number): ClosePlan {
  switch (code) {
    case 4001: // slow consumer: reconnect now
      return { kind: 'retry', delayMs: 0 };
    case 4002: // flood
      return { kind: 'retry', delayMs: 30000 };
    case 4003: // protocol violation: a client bug; wait
      return { kind: 'retry', delayMs: 5000 + Math.random() * 2000 };
    case 4004:
      return { kind: 'stop', reason: 'replaced' };
    case 4009:
      return { kind: 'stop', reason: 'removed' };
    case 1001: // server going away: another node takes over
      return { kind: 'retry', delayMs: 500 + Math.random() * 2500 };
    default: // 1006, 4005 and anything unknown: jittered exponential backoff
      return { kind: 'backoff' };
  }
}

let counter = 0;
// Client message ids: ^[A-Za-z0-9_-]{1,64}$, unique per member and room.
export function newId(prefix: 'm' | 's'): string {
  counter += 1;
  const rand = Math.floor(Math.random() * 0x100000000).toString(36);
  return `${prefix}-${Date.now().toString(36)}-${rand}-${counter}`;
}
