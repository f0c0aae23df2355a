// The value rules of the protocol: room ids, message ids, session tokens and chat text.
// The decoder applies them to every frame; the server reuses them for ids from other sources.
#pragma once

#include <cstddef>
#include <string_view>

namespace ibasho::protocol {

// ^[a-z0-9][a-z0-9-]{0,47}$
bool is_room_id(std::string_view id) noexcept;

// ^[A-Za-z0-9_-]{1,64}$
bool is_message_id(std::string_view id) noexcept;

// Exactly 22 base64url characters (128 bits, unpadded).
bool is_session_token(std::string_view token) noexcept;

// Exactly 43 base64url characters (256 bits, unpadded): a staff bearer token.
bool is_staff_token(std::string_view token) noexcept;

// ^[a-z0-9_]{1,32}$: a reason code or a reminder template id.
bool is_reason_code(std::string_view code) noexcept;

// Whitespace (Unicode White_Space) or a character that draws nothing on its own (zero-width
// spaces and joiners, Hangul fillers, braille blank, variation selectors, ...). A text made only
// of these looks empty to readers, so it counts as empty.
bool is_blank(char32_t code_point) noexcept;

// C0 controls other than tab, line feed and carriage return; DEL; C1 controls.
bool is_forbidden_control(char32_t code_point) noexcept;

enum class TextProblem { none, bad_encoding, empty, too_long };

// Checks `say.text`: well-formed UTF-8 without forbidden controls, not blank, and at most
// max_text_chars code points. When several apply, the first in enum order is reported.
TextProblem check_text(std::string_view text) noexcept;
// The same checks with another length limit (notes, pins).
TextProblem check_text(std::string_view text, std::size_t max_chars) noexcept;

}  // namespace ibasho::protocol
