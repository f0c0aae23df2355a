// The digests staff records are keyed by: SHA-256 in lower-case hex (token and invitation ids,
// name keys) and HMAC-SHA256 (address hashes), from OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace ibasho::staff {

// Lower-case hex of the bytes.
std::string to_hex(std::string_view bytes);
// SHA-256 of `data` as 64 lower-case hex characters.
std::string sha256_hex(std::string_view data);
// HMAC-SHA256 of `data` under `key`, 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

}  // namespace ibasho::staff
