#include "server/ws/handshake.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace ibasho::ws {

namespace {

constexpr std::string_view guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

bool is_base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

// The key must be base64 of exactly 16 bytes: 22 characters and "==".
bool valid_key(std::string_view key) {
    if (key.size() != 24 || key[22] != '=' || key[23] != '=') {
        return false;
    }
    for (std::size_t i = 0; i < 22; ++i) {
        if (!is_base64_char(key[i])) {
            return false;
        }
    }
    // The last character carries 2 bits of data; the 4 unused bits must be zero.
    const char last = key[21];
    const std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    return (alphabet.find(last) & 0x0F) == 0;
}

}  // namespace

std::optional<HandshakeRefusal> check_handshake(std::string_view version, std::string_view key) {
    if (version != "13") {
        return HandshakeRefusal{426, "WebSocket version 13 only\n"};
    }
    if (!valid_key(key)) {
        return HandshakeRefusal{400, "Bad Sec-WebSocket-Key\n"};
    }
    return std::nullopt;
}

std::string accept_token(std::string_view key) {
    std::string input(key);
    input.append(guid);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
    unsigned char out[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(out, digest, SHA_DIGEST_LENGTH);
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

std::string switching_protocols(std::string_view key) {
    std::string r =
        "HTTP/1.1 101 Switching Protocols\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        "Server: ibasho\r\n"
        "Sec-WebSocket-Accept: ";
    r += accept_token(key);
    r += "\r\n\r\n";
    return r;
}

}  // namespace ibasho::ws
