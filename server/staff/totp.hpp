// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) for staff who turn
// on a second factor: the base32 secret, the otpauth:// URI an authenticator app scans, and the
// check with one step of clock drift either way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ibasho::staff {

inline constexpr int totp_step_s = 30;
inline constexpr int totp_digits = 6;
inline constexpr int totp_window = 1;  // steps accepted before and after now

// RFC 4648 base32 (A-Z2-7), without padding.
std::string base32_encode(std::string_view bytes);
// Decodes base32 (case-insensitive, padding and spaces ignored); nullopt for other characters.
std::optional<std::string> base32_decode(std::string_view text);

// A new secret: 160 random bits as 32 base32 characters.
std::string new_totp_secret();

// The HOTP value (RFC 4226) of `key` at `counter`, zero-padded to `digits`.
std::string hotp(std::string_view key, std::uint64_t counter, int digits = totp_digits);
// The code for unix time `unix_s` (RFC 6238, T0 = 0).
std::string totp_at(std::string_view key, std::int64_t unix_s, int digits = totp_digits);

// True when `code` is the code of `secret_base32` at `unix_ms`, or one step before or after.
// Compared in constant time; anything but `totp_digits` digits is false.
bool totp_matches(std::string_view secret_base32, std::string_view code, std::int64_t unix_ms);

// otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
std::string totp_uri(std::string_view secret_base32, std::string_view account,
                     std::string_view issuer = "ibasho");

}  // namespace ibasho::staff
