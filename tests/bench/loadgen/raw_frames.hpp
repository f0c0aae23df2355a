// The generator's own WebSocket framing for plain connections after Beast's handshake: server
// frames parsed straight from large reads, client frames masked here. Batched reads, no Beast.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ibasho::bench {

// Unmasked frames from a server. Bytes may arrive split anywhere; a partial frame is kept.
class ServerFrameReader {
  public:
    struct Frame {
        unsigned opcode;           // 1 text, 8 close, 9 ping, 10 pong (2 binary: not expected)
        std::string_view payload;  // valid until the next call to next() or feed()
    };
    enum class Result { frame, need_more, broken };

    // Adds newly read bytes (copied only when a frame is unfinished).
    void feed(std::string_view bytes);
    // The next whole message; `broken` when the server broke framing (masked frame, bad
    // length). Fragmented messages are joined.
    Result next(Frame& out);

  private:
    std::string_view view_;  // the caller's bytes being parsed, or pending_
    bool in_pending_ = false;
    std::string pending_;
    std::string message_;  // fragments of a message being joined
    unsigned message_opcode_ = 0;
    bool release_message_ = false;
};

// A whole masked client frame (FIN set) with `payload`.
std::string masked_client_frame(unsigned opcode, std::string_view payload, std::uint32_t mask);

}  // namespace ibasho::bench
