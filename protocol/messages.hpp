// Client -> server messages as plain structs, one per wire "type".
// The decoder (codec.hpp) produces them already validated; nothing here does I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace ibasho::protocol {

// {"type":"hello","v":1,"resume":"<token>"}
struct Hello {
    int v = 1;
    std::optional<std::string> resume;  // 22 base64url chars
    std::optional<std::string> staff;   // a staff bearer token, 43 base64url chars
};

// {"type":"rooms"}
struct ListRooms {
    // The room list comes in pages: the page after this room id (the `next` of the page
    // before); absent: the first page.
    std::optional<std::string> after;
};

// {"type":"join","room":"...","nick":"...","since":41,"affirm":true,"listening":false}
struct Join {
    std::string room;
    std::string nick;  // raw: 1..max_nick_bytes bytes; moderation/ normalises and applies 1..24
    std::optional<std::uint64_t> since;  // last seq the client saw, to resume from
    bool affirm = false;                 // "this room is for me" (age band, women, ...)
    bool listening = false;              // present without speaking
};

// {"type":"leave","room":"..."}
struct Leave {
    std::string room;
};

// {"type":"say","room":"...","text":"...","id":"...","re":41}
struct Say {
    std::string room;
    std::string text;  // 1..max_text_chars code points, not only whitespace
    std::string id;
    std::optional<std::uint64_t> re;  // seq of the message this one quotes (issue 13), if any
};

// {"type":"stamp","room":"...","stamp":"wakaru","id":"...","on":42}
struct Stamp {
    std::string room;
    std::string stamp;  // one of stamp_keys()
    std::string id;
    std::optional<std::uint64_t> on;  // seq of the message being answered, if any
};

// {"type":"status","room":"...","listening":true}
struct SetStatus {
    std::string room;
    bool listening = false;
};

// --- Staff: moderation of a room's members and messages (docs/protocol.md, "Staff"). Every
// one needs a staff role for the room; the decoder checks only the shape.

// {"type":"hide","room":"r","seq":42,"reason":"hurtful","note":"...","id":"c1"}
struct Hide {
    std::string room;
    std::uint64_t seq = 0;
    std::string reason;  // a reason code, [a-z0-9_]{1,32}; the server checks it is on the list
    std::optional<std::string> note;  // staff-only free text, <= max_note_chars
    std::string id;
};

// {"type":"unhide","room":"r","seq":42,"id":"c2"}
struct Unhide {
    std::string room;
    std::uint64_t seq = 0;
    std::string id;
};

// {"type":"remind","room":"r","member":"m1","template":"kind","text":"...","id":"c3"}
struct Remind {
    std::string room;
    std::string member;
    std::string template_id;          // wire "template": a reminder template's id
    std::optional<std::string> text;  // the supporter's own words instead, <= max_note_chars
    std::string id;
};

// The three timed sanctions share a shape: whom, how long, why.
enum class SanctionKind { mute, remove, ban };

// {"type":"mute","room":"r","member":"m1","minutes":10,"reason":"flood","id":"c4"}
// {"type":"remove",...,"minutes":60,...}  {"type":"ban",...,"hours":24,...}
struct Sanction {
    SanctionKind kind = SanctionKind::mute;
    std::string room;
    std::string member;
    std::uint32_t minutes = 0;  // ban: hours * 60
    std::string reason;
    std::optional<std::string> note;
    std::string id;
};

enum class RoomControlKind {
    slow_mode,
    lock,
    unlock,
    pause,
    resume,
    close,
    open,
    pin,
    unpin,
    shield_on,
    shield_off,
    supporter_present_on,
    supporter_present_off,
};
std::string_view to_string(RoomControlKind kind) noexcept;

// {"type":"room_control","room":"r","control":"slow_mode","seconds":30,"reason":"...","id":"c7"}
struct RoomControl {
    std::string room;
    RoomControlKind control = RoomControlKind::lock;
    std::uint32_t seconds = 0;        // slow_mode: 0..max_slow_mode_s
    std::optional<std::string> text;  // pin: 1..max_pin_chars
    std::string reason;               // optional on the wire; "" when absent
    std::string id;
};

// {"type":"admit","room":"r","member":"m1","id":"c8"}: a joiner held by the shield comes in.
struct Admit {
    std::string room;
    std::string member;
    std::string id;
};

// {"type":"standing","room":"r","member":"m1","id":"c9"}
struct StandingQuery {
    std::string room;
    std::string member;
    std::string id;
};

// {"type":"standing_note","room":"r","member":"m1","text":"...","id":"c10"}
struct StandingNote {
    std::string room;
    std::string member;
    std::string text;  // 0..max_note_chars; empty clears the note
    std::string id;
};

// --- Any member: reports and the private word.

enum class ReportReason { hurtful, spam, contact, worried, operator_, other };
std::string_view to_string(ReportReason reason) noexcept;

// {"type":"report","room":"r","seq":42,"reason":"hurtful","note":"...","id":"c11"}
struct Report {
    std::string room;
    std::uint64_t seq = 0;
    ReportReason reason = ReportReason::other;
    std::optional<std::string> note;
    std::string id;
};

// {"type":"resolve_report","report":"r_...","outcome":"resolved","reason":"...","id":"c12"}
struct ResolveReport {
    std::string report;
    bool dismissed = false;  // outcome "dismissed"; "resolved" otherwise
    std::string reason;      // optional on the wire
    std::string id;
};

// {"type":"ask","room":"r","id":"c13"}: a participant asks the room's supporters for a word.
struct Ask {
    std::string room;
    std::string id;
};

// {"type":"accept_ask","ask":"q_...","id":"c14"}
struct AcceptAsk {
    std::string ask;
    std::string id;
};

// {"type":"private_say","thread":"q_...","text":"...","id":"c15"}
struct PrivateSay {
    std::string thread;
    std::string text;
    std::string id;
};

// {"type":"private_end","thread":"q_...","id":"c16"}
struct PrivateEnd {
    std::string thread;
    std::string id;
};

// Staff answering a crisis or blocked-word alert (server/chat/crisis_alerts.*):
// {"type":"ack_alert","alert":"a_...","id":"c17"} says "seen";
// {"type":"reach_out","alert":"a_...","id":"c18"} also opens a private word with the writer.
struct AckAlert {
    std::string alert;
    std::string id;
};

struct ReachOut {
    std::string alert;
    std::string id;
};

// {"type":"end","id":"c20"}: quick exit. The session ends for good (server/chat/end_session.*):
// its token can never resume, it leaves every room, and every connection of it closes.
struct End {
    std::string id;
};

// {"type":"earlier","room":"...","before":120,"id":"c21"}: up to 50 room events older than
// `before` from the room's history (server/chat/earlier_handler.*), then an `earlier` marker.
struct Earlier {
    std::string room;
    std::uint64_t before = 0;  // 1 or more: the oldest seq the client holds
    std::string id;
};

// {"type":"peek","room":"...","id":"c22"}: a read-only look into a room before joining
// (issue 13, server/chat/peek_handler.*). Answered with one `preview`; nobody is told.
struct Peek {
    std::string room;
    std::string id;
};

using ClientMessage =
    std::variant<Hello, ListRooms, Join, Leave, Say, Stamp, SetStatus, Hide, Unhide, Remind,
                 Sanction, RoomControl, Admit, StandingQuery, StandingNote, Report, ResolveReport,
                 Ask, AcceptAsk, PrivateSay, PrivateEnd, AckAlert, ReachOut, End, Earlier, Peek>;

// Stamps are a small fixed set, by stable key: "like" (👍), "wakaru" (わかる),
// "thanks" (ありがとう), "hug" (🫂). Clients draw the picture; the wire carries only the
// key.
std::span<const std::string_view> stamp_keys() noexcept;
bool is_stamp(std::string_view key) noexcept;

}  // namespace ibasho::protocol
