// Reads RFC 6455 frames sent by a client: unmasks them in place, joins fragments, checks every
// rule a server must enforce, and hands out whole messages and control frames. No I/O here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ibasho::ws {

// Close codes of RFC 6455 that the parser reports when a client breaks the rules.
inline constexpr std::uint16_t close_normal = 1000;
inline constexpr std::uint16_t close_going_away = 1001;
inline constexpr std::uint16_t close_protocol_error = 1002;
inline constexpr std::uint16_t close_bad_payload = 1007;
inline constexpr std::uint16_t close_too_big = 1009;

struct FrameEvent {
    enum class Kind { text, binary, ping, pong, close, error };
    Kind kind;
    // Message or control payload (close: the reason). Valid until the next call to the parser.
    std::string_view payload;
    // close: the code the client sent (1005 when it sent none); error: the code to close with.
    std::uint16_t code = 0;
};

class FrameParser {
  public:
    explicit FrameParser(std::size_t max_message_bytes) : max_message_(max_message_bytes) {}

    // Hands newly read bytes to the parser. They are parsed where they lie (and unmasked in
    // place), so the caller's buffer must stay untouched until next() returns nothing; only an
    // unfinished frame is copied and kept.
    void feed(std::span<char> bytes);

    // The next complete message or control frame, or nothing until more bytes are fed. After
    // an error event the stream is unusable and the parser returns nothing more.
    std::optional<FrameEvent> next();

    // True when no partial frame or message is held (the connection costs nothing here).
    bool empty() const { return pending_.empty() && message_.empty(); }

  private:
    std::optional<FrameEvent> fail(std::uint16_t code);
    void keep_rest();

    std::size_t max_message_;
    // The bytes being parsed: the caller's buffer, or pending_ when a frame spans reads.
    char* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t pos_ = 0;
    bool in_pending_ = false;
    std::string pending_;
    // A fragmented data message being assembled.
    std::string message_;
    bool in_message_ = false;
    bool message_is_text_ = false;
    bool release_message_ = false;
    bool failed_ = false;
};

// Encodes the header of an unmasked server frame (FIN set) into `out`; returns its length
// (2, 4 or 10 bytes).
std::size_t write_frame_header(unsigned char* out, unsigned opcode, std::uint64_t payload_size);

inline constexpr unsigned opcode_text = 0x1;
inline constexpr unsigned opcode_binary = 0x2;
inline constexpr unsigned opcode_close = 0x8;
inline constexpr unsigned opcode_ping = 0x9;
inline constexpr unsigned opcode_pong = 0xA;

// A whole close frame: code and a reason cut to the 123 bytes a control frame allows
// (never in the middle of a UTF-8 sequence).
std::string make_close_frame(std::uint16_t code, std::string_view reason);
// A whole ping or pong frame carrying `payload` (at most 125 bytes).
std::string make_control_frame(unsigned opcode, std::string_view payload);

// True for the close codes a peer may send (RFC 6455 section 7.4).
bool is_valid_close_code(std::uint16_t code);

}  // namespace ibasho::ws
