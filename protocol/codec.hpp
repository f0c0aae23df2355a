// Strict decoding of one client frame into a validated ClientMessage, or a typed Error.
// The only entry point for untrusted bytes: it never throws and never trusts the input.
#pragma once

#include <optional>
#include <string_view>

#include "protocol/error_codes.hpp"
#include "protocol/messages.hpp"

namespace ibasho::protocol {

struct DecodeResult {
    std::optional<ClientMessage> message;
    Error error;  // meaningful only when !ok()

    bool ok() const noexcept { return message.has_value(); }
};

// Decodes one WebSocket text message. On failure the Error names the field at fault, carries
// the frame's "id" as `ref` when that id is well formed, and never quotes other input back.
// Unknown fields are ignored; optional fields may be omitted or null. Work and memory are
// linear in the frame size. The only non-frame code it can return is internal_error, with an
// empty message, when memory runs out.
DecodeResult decode(std::string_view frame) noexcept;

}  // namespace ibasho::protocol
