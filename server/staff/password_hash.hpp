// Staff passwords as libsodium Argon2id strings (DESIGN.md rule 7): hashing, constant-time
// verification, and whether a stored hash is below today's parameters. Slow by design: callers
// run these on the HashWorker, never on a shard's I/O thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ibasho::staff {

// OWASP's minimum for Argon2id: t=2, m=19 MiB (19456 KiB), p=1.
inline constexpr unsigned long long password_opslimit = 2;
inline constexpr std::size_t password_memlimit = 19 * 1024 * 1024;
// Longer input is refused before hashing: nobody types this much, and it bounds the work.
inline constexpr std::size_t max_password_bytes = 1024;

// The crypto_pwhash_str output ("$argon2id$v=19$m=19456,t=2,p=1$..."), or nullopt when libsodium
// cannot (out of memory) or the password is over max_password_bytes.
std::optional<std::string> hash_password(std::string_view password);

// True when `password` matches `stored` (crypto_pwhash_str_verify, constant time for a given
// stored string). A malformed stored string is false.
bool verify_password(std::string_view stored, std::string_view password);

// Spends the time of one verify against a fixed hash, so a login with an unknown name takes as
// long as one with a wrong password.
void dummy_verify(std::string_view password);

// True when `stored` was made with other parameters (or another algorithm) than ours: rehash
// it at the next successful login.
bool needs_rehash(std::string_view stored);

}  // namespace ibasho::staff
