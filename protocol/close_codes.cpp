#include "protocol/close_codes.hpp"

#include <array>

namespace ibasho::protocol {
namespace {

constexpr std::array all_codes{
    CloseCode::slow_consumer,      CloseCode::flood,
    CloseCode::protocol_violation, CloseCode::session_replaced,
    CloseCode::server_overloaded,  CloseCode::removed,
};

}  // namespace

CloseAdvice describe(CloseCode code) noexcept {
    switch (code) {
        case CloseCode::slow_consumer:
            return {"slow_consumer",
                    "The connection fell too far behind. Reconnect now and rejoin with since.",
                    Reconnect::now, 0};
        case CloseCode::flood:
            return {"flood", "Too many messages were sent. Reconnect after 30 seconds.",
                    Reconnect::after_delay, 30};
        case CloseCode::protocol_violation:
            return {"protocol_violation",
                    "The connection broke the protocol (for example a binary frame). Fix the "
                    "client, then reconnect after a delay.",
                    Reconnect::after_delay, 5};
        case CloseCode::session_replaced:
            return {"session_replaced",
                    "The same session was opened elsewhere. Do not reconnect automatically.",
                    Reconnect::never, 0};
        case CloseCode::server_overloaded:
            return {"server_overloaded",
                    "The server is overloaded. Reconnect later with jittered exponential backoff.",
                    Reconnect::with_backoff, 1};
        case CloseCode::removed:
            return {"removed", "A supporter removed this session. Do not reconnect.",
                    Reconnect::never, 0};
    }
    // A value outside the enum (cast from the wire) gets the most cautious advice.
    return {"unknown", "Unknown close code. Reconnect later with backoff.", Reconnect::with_backoff,
            1};
}

std::span<const CloseCode> close_codes() noexcept {
    return all_codes;
}

}  // namespace ibasho::protocol
