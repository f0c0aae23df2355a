// Random identifiers from OpenSSL's CSPRNG, base64url without padding: session tokens
// (128 bits, 22 characters) and per-room member ids (64 bits, 11 characters).
#pragma once

#include <cstddef>
#include <string>

namespace ibasho {

std::string random_base64url(std::size_t bytes);
inline std::string new_session_token() {
    return random_base64url(16);
}
inline std::string new_member_id() {
    return random_base64url(8);
}

}  // namespace ibasho
