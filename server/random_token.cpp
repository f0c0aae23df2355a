#include "server/random_token.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace ibasho {

std::string random_base64url(std::size_t bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
        // Without randomness no identifier is safe to hand out; this is not recoverable.
        throw std::runtime_error("RAND_bytes failed");
    }
    std::string out;
    out.reserve((bytes * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes; i += 3) {
        const unsigned v = (raw[i] << 16) | (raw[i + 1] << 8) | raw[i + 2];
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (bytes - i == 1) {
        const unsigned v = raw[i] << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
    } else if (bytes - i == 2) {
        const unsigned v = (raw[i] << 16) | (raw[i + 1] << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
    }
    return out;
}

}  // namespace ibasho
