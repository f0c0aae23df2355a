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
  // Issue 11: staff in the room, and rooms that are read-only while no supporter is there.
  staff?: number;
  supporter_present?: boolean;
  shield?: boolean;
  pin?: string;
  // Issue 14: the organisation the room belongs to, and the event window of a scheduled room
  // (open now, or opening within the next 24 h).
  org?: string;
  event?: EventWindow;
}

// Issue 14: a scheduled room's current or next occurrence, times as RFC 3339 (UTC). `opens`
// (when the room becomes joinable) is read when a server sends it; otherwise only the start is known.
export interface EventWindow { id: string; starts: string; ends: string; opens?: string }

export type Role = 'participant' | 'supporter' | 'organiser';
export type Badge = 'supporter' | 'organiser';

export interface Welcome {
  type: 'welcome'; session: string; v: number; resumed: boolean; idle_ttl_s?: number;
  role?: Role; staff?: { name: string; rooms: string[] };
}
// One page of the list: `after` echoes the request's, `next` is there when more follow.
export interface RoomList { type: 'room_list'; rooms: RoomInfo[]; after?: string; next?: string }
export interface Joined {
  type: 'joined'; room: string; member: string; nick: string; seq: number; listening?: boolean; resumed?: boolean;
  badge?: Badge; supporter_present?: boolean; staff?: number; event?: EventWindow;
}
// `shielded`: issue 12, only on staff copies whose contact details were masked.
export interface MessageEvent {
  type: 'message'; room: string; seq: number; from: string; nick: string; text: string; ts: number; id: string; badge?: Badge;
  shielded?: boolean;
  re?: number; // issue 13: a quoted reply, the seq of the message answered
}
// Issue 13: the end of an `earlier` answer (older history, after its `count` events).
export interface EarlierEnd { type: 'earlier'; room: string; ref: string; count: number; more: boolean; kept_s: number }
export interface StampEvent { type: 'stamp'; room: string; seq: number; from: string; nick: string; stamp: string; ts: number; id: string; on?: number; badge?: Badge }
export interface PresenceMember { member: string; nick: string; listening: boolean; badge?: Badge }
// `members` names only staff and those who wrote or stamped in this visit (issue 13); `quiet`:
// everyone else, shown only as a number.
export interface Presence { type: 'presence'; room: string; count: number; listening: number; members?: PresenceMember[]; staff?: number; quiet?: number }
// Issue 13: the answer to `peek` (a look into a room before joining). `messages` holds room
// events as members got them; `about`: a gated room, nothing of the conversation.
export interface Preview {
  type: 'preview'; room: string; ref: string; view: 'messages' | 'about'; count?: number; quiet?: number;
  messages?: RoomEvent[];
}
export interface Gap { type: 'gap'; room: string; from: number; to: number }
export interface Left { type: 'left'; room: string; reason?: string }
export interface ErrorFrame {
  type: 'error'; code: string; message?: string; ref?: string; retry_after_ms?: number;
  // Issue 13: a `join` refused as nickname_taken names its room and offers free nicknames.
  room?: string; suggestions?: string[];
}

// ---- issue 11: moderation, reports and the private word (docs/protocol.md) ------------------

// A history entry a supporter hid: it stands in its message's place (same seq).
export interface HiddenEvent { type: 'hidden'; room: string; seq: number; ts: number; reason?: string }
// Room events (with a seq of their own) that hide or restore an earlier entry.
export interface HideEvent { type: 'hide'; room: string; seq: number; target: number; reason?: string; ts: number }
export interface UnhideEvent { type: 'unhide'; room: string; seq: number; target: number; message: MessageEvent | StampEvent; ts: number }
// Issue 12 adds `contact_masked` and `not_shown` (with the say's `ref`), and `reason: "flood"`
// on an automatic `muted`.
export type NoticeKind = 'reminder' | 'muted' | 'removed' | 'banned' | 'contact_masked' | 'not_shown';
// Issue 14: `closing_soon` (with `ends`) and `event_cancelled` for the members of an event room.
export interface Notice {
  type: 'notice'; room: string; kind: NoticeKind | string; text?: string; until?: number; ref?: string; reason?: string;
  ends?: string | number;
}
export interface RoomState {
  type: 'room_state'; room: string; state: string; slow_mode_s?: number; shield?: boolean;
  supporter_present?: boolean; pin?: string;
}
export interface Held { type: 'held'; room: string }
export interface Done { type: 'done'; ref: string; action: string }
export interface RoleChange { type: 'role'; role: Role; reason?: string }

export interface Report {
  id: string; room: string; seq: number; reason: string; text?: string; member: string; nick: string;
  created_ms: number; note?: string;
}
export interface Ask { id: string; room: string; member: string; nick: string; created_ms: number }
export interface ReportFrame { type: 'report'; report: Report }
export interface AskFrame { type: 'ask'; ask: Ask }
export interface AskTaken { type: 'ask_taken'; ask: string }
export interface Queue { type: 'queue'; reports: Report[]; asks: Ask[] }
export interface Review { type: 'review'; room: string; member: string; nick: string; action: string; reason?: string }
export interface Waiting { type: 'waiting'; room: string; member: string; nick: string }
export interface StandingBody {
  muted_until_ms?: number; removed_until_ms?: number; reminders?: number; mutes?: number; removes?: number;
  bans?: number; last_ms?: number; note?: string; events?: { action: string; reason: string; at_ms: number }[];
}
export type Suggest = 'remind' | 'mute' | 'remove' | 'ban';
export interface StandingFrame { type: 'standing'; room: string; member: string; standing: StandingBody; suggest: Suggest; ref?: string }

export interface AskWaiting { type: 'ask_waiting'; room: string; ask: string }
// After hello the server sends it again for each thread still open, with its recent `lines`.
export interface PrivateOpen {
  type: 'private_open'; thread: string; room: string; staff: string; member: string; nick: string;
  lines?: Omit<PrivateMessage, 'type'>[];
}
export interface PrivateMessage {
  type: 'private_message'; thread: string; n: number; from: 'staff' | 'member'; nick: string; text: string; ts: number; id?: string;
}
export interface PrivateEnded { type: 'private_ended'; thread: string; by: 'staff' | 'member' | string }

// ---- issue 12: safety that never blocks (docs/protocol.md) ---------------------------------

// A help line on the card: from the help directory; `tel` may be absent when there is a `url`.
export interface HelpCardLine { id: string; name: Text2; tel?: string; url?: string; hours: Text2 | null }
// To the writer only, after a say that spoke of wanting to die or to hurt oneself (`ref`: its id).
export interface HelpCard { type: 'help_card'; room: string; ref: string; on_duty: boolean; lines: HelpCardLine[] }
// To the room's staff (and organisers): no text, only who and where. `seq` null: not delivered.
export interface SafetyAlert {
  type: 'alert'; alert: string; kind: 'crisis' | 'word' | string; room: string; seq: number | null;
  member: string; nick: string; at: number; escalated?: boolean;
}
export interface AlertClosed { type: 'alert_closed'; alert: string; by: string; action: 'ack' | 'reach_out' | string }

export type RoomEvent = MessageEvent | StampEvent | HiddenEvent | HideEvent | UnhideEvent;

export type ServerMessage =
  | Welcome | RoomList | Joined | MessageEvent | StampEvent | Presence | Gap | Left | ErrorFrame
  | HiddenEvent | HideEvent | UnhideEvent | Notice | RoomState | Held | Done | RoleChange
  | ReportFrame | AskFrame | AskTaken | Queue | Review | Waiting | StandingFrame
  | AskWaiting | PrivateOpen | PrivateMessage | PrivateEnded
  | HelpCard | SafetyAlert | AlertClosed | EarlierEnd | Preview;

const known = new Set([
  'welcome', 'room_list', 'joined', 'message', 'stamp', 'presence', 'gap', 'left', 'error',
  'hidden', 'hide', 'unhide', 'notice', 'room_state', 'held', 'done', 'role',
  'report', 'ask', 'ask_taken', 'queue', 'review', 'waiting', 'standing',
  'ask_waiting', 'private_open', 'private_message', 'private_ended',
  'help_card', 'alert', 'alert_closed', 'earlier', 'preview',
]);

// What a participant may give as the reason of a report (docs/protocol.md, `report`).
export const reportReasons = ['hurtful', 'spam', 'contact', 'worried', 'operator', 'other'] as const;
export type ReportReason = (typeof reportReasons)[number];

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
export function newId(prefix: 'm' | 's' | 'c' | 'p' | 'e'): string {
  counter += 1;
  const rand = Math.floor(Math.random() * 0x100000000).toString(36);
  return `${prefix}-${Date.now().toString(36)}-${rand}-${counter}`;
}
