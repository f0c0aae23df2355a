// Application WebSocket close codes (4000-4999) and what a client should do after each one.
// The same table is documented in docs/protocol.md; a test keeps every code described.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ibasho::protocol {

enum class CloseCode : std::uint16_t {
    slow_consumer = 4001,       // fell too far behind: reconnect now, resume with `since`
    flood = 4002,               // sent far too much: reconnect after 30 s
    protocol_violation = 4003,  // binary frame or similar: reconnect after a delay
    session_replaced = 4004,    // same session opened elsewhere: do not reconnect automatically
    server_overloaded = 4005,   // reconnect later with jittered backoff
    removed = 4009,             // removed by a supporter: do not reconnect
};

// How soon a client may come back; lets a client act on a code without a table of its own.
enum class Reconnect { now, after_delay, with_backoff, never };

struct CloseAdvice {
    std::string_view reason;  // snake_case word sent as the close reason (at most 123 bytes)
    std::string_view advice;  // one sentence for client authors
    Reconnect reconnect = Reconnect::with_backoff;
    std::uint32_t min_delay_s = 0;  // wait at least this long before reconnecting
};

CloseAdvice describe(CloseCode code) noexcept;

// Every defined close code, in numeric order.
std::span<const CloseCode> close_codes() noexcept;

}  // namespace ibasho::protocol
