#include "server/staff/password_hash.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace ibasho::staff {
namespace {

// sodium_init() picks the fastest implementations and seeds its generator; once per process.
void ensure_sodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) {
            throw std::runtime_error("sodium_init failed");
        }
    });
}

const std::string& dummy_hash() {
    static const std::string hash = [] {
        auto h = hash_password("ibasho dummy password for unknown names");
        return h ? *h : std::string();
    }();
    return hash;
}

}  // namespace

std::optional<std::string> hash_password(std::string_view password) {
    ensure_sodium();
    if (password.size() > max_password_bytes) {
        return std::nullopt;
    }
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), password_opslimit,
                              password_memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return std::nullopt;
    }
    return std::string(out);
}

bool verify_password(std::string_view stored, std::string_view password) {
    ensure_sodium();
    if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES ||
        password.size() > max_password_bytes) {
        return false;
    }
    // crypto_pwhash_str_verify wants a NUL-terminated string.
    char buffer[crypto_pwhash_STRBYTES] = {};
    stored.copy(buffer, stored.size());
    return crypto_pwhash_str_verify(buffer, password.data(), password.size()) == 0;
}

void dummy_verify(std::string_view password) {
    const std::string& h = dummy_hash();
    if (!h.empty()) {
        (void)verify_password(h, password.substr(0, max_password_bytes));
    }
}

bool needs_rehash(std::string_view stored) {
    ensure_sodium();
    if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) {
        return true;
    }
    char buffer[crypto_pwhash_STRBYTES] = {};
    stored.copy(buffer, stored.size());
    return crypto_pwhash_str_needs_rehash(buffer, password_opslimit, password_memlimit) != 0;
}

}  // namespace ibasho::staff
