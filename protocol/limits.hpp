// Protocol limits: the sizes and counts every frame is checked against.
// Shared by the decoder, the WebSocket session and the docs, so they can never disagree.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ibasho::protocol {

// Largest WebSocket message the server reads; bigger ones are closed with 1009.
inline constexpr std::size_t max_frame_bytes = 16 * 1024;

// Unicode code points in `say.text`; 2000 code points are at most 8000 bytes, well inside a frame.
inline constexpr std::size_t max_text_chars = 2000;

// Raw nick before normalisation; moderation/ applies the 1..24 rule after normalising.
inline constexpr std::size_t max_nick_bytes = 256;

// Client message id: [A-Za-z0-9_-]{1,64}.
inline constexpr std::size_t max_id_chars = 64;

// Room id: ^[a-z0-9][a-z0-9-]{0,47}$.
inline constexpr std::size_t max_room_id_chars = 48;

// Session token: 128 random bits as unpadded base64url.
inline constexpr std::size_t session_token_chars = 22;

// The top-level object counts as depth 1. No client message needs nesting; the headroom is
// for forward-compatible extra fields, and the cap keeps hostile input cheap to reject.
inline constexpr int max_json_depth = 4;

// Staff bearer token: 256 random bits as unpadded base64url.
inline constexpr std::size_t staff_token_chars = 43;

// Staff-only free text (a note on an action or a standing, a reminder in one's own words),
// a report's note, and a pinned announcement, in code points.
inline constexpr std::size_t max_note_chars = 300;
inline constexpr std::size_t max_pin_chars = 500;

// Reason codes: ^[a-z0-9_]{1,32}$.
inline constexpr std::size_t max_reason_chars = 32;

// Timed sanctions: a mute or a removal lasts 1 minute to 7 days, a ban 1 hour to 7 days.
inline constexpr std::uint32_t max_sanction_minutes = 7 * 24 * 60;
inline constexpr std::uint32_t max_ban_hours = 7 * 24;
inline constexpr std::uint32_t default_remove_minutes = 60;
// Slow mode set live: 0 (off) to 10 minutes between one member's messages.
inline constexpr std::uint32_t max_slow_mode_s = 600;

inline constexpr int version = 1;

}  // namespace ibasho::protocol
