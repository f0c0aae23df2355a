// The server half of the WebSocket opening handshake (RFC 6455 section 4.2): checks the
// client's version and key and builds the 101 response. No I/O and no Beast here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ibasho::ws {

struct HandshakeRefusal {
    int status;                // 400 or 426
    std::string_view message;  // plain text for the response body
};

// Nothing when the headers allow an upgrade; otherwise the HTTP status to refuse with (426 asks
// for version 13, as the RFC requires).
std::optional<HandshakeRefusal> check_handshake(std::string_view version, std::string_view key);

// Sec-WebSocket-Accept for a client key: base64(SHA-1(key + RFC 6455 GUID)).
std::string accept_token(std::string_view key);

// The whole "101 Switching Protocols" response for `key`.
std::string switching_protocols(std::string_view key);

}  // namespace ibasho::ws
