#include "server/staff/totp.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace ibasho::staff {
namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string percent_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(hex[b >> 4]);
            out.push_back(hex[b & 0xf]);
        }
    }
    return out;
}

}  // namespace

std::string base32_encode(std::string_view bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 5) {
            out.push_back(alphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0) {
        out.push_back(alphabet[(buffer << (5 - bits)) & 31]);
    }
    return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char raw : text) {
        if (raw == '=' || raw == ' ') {
            continue;
        }
        const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
        int v = -1;
        if (c >= 'A' && c <= 'Z') {
            v = c - 'A';
        } else if (c >= '2' && c <= '7') {
            v = c - '2' + 26;
        } else {
            return std::nullopt;
        }
        buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
            bits -= 8;
        }
    }
    return out;
}

std::string new_totp_secret() {
    unsigned char raw[20];
    if (RAND_bytes(raw, sizeof raw) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return base32_encode(std::string_view(reinterpret_cast<const char*>(raw), sizeof raw));
}

std::string hotp(std::string_view key, std::uint64_t counter, int digits) {
    unsigned char message[8];
    for (int i = 7; i >= 0; --i) {
        message[i] = static_cast<unsigned char>(counter & 0xff);
        counter >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message, sizeof message, mac,
         &length);
    // RFC 4226 §5.3: dynamic truncation.
    const unsigned offset = mac[length - 1] & 0x0f;
    const std::uint32_t binary = ((mac[offset] & 0x7fu) << 24) | (mac[offset + 1] << 16) |
                                 (mac[offset + 2] << 8) | mac[offset + 3];
    std::uint32_t modulus = 1;
    for (int i = 0; i < digits; ++i) {
        modulus *= 10;
    }
    std::string code = std::to_string(binary % modulus);
    if (code.size() < static_cast<std::size_t>(digits)) {
        code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
    }
    return code;
}

std::string totp_at(std::string_view key, std::int64_t unix_s, int digits) {
    return hotp(key, static_cast<std::uint64_t>(unix_s / totp_step_s), digits);
}

bool totp_matches(std::string_view secret_base32, std::string_view code, std::int64_t unix_ms) {
    if (code.size() != static_cast<std::size_t>(totp_digits)) {
        return false;
    }
    for (const char c : code) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    const auto key = base32_decode(secret_base32);
    if (!key || key->empty()) {
        return false;
    }
    const std::int64_t step = unix_ms / 1000 / totp_step_s;
    bool ok = false;
    // Every candidate is compared, so the time taken says nothing about which one matched.
    for (std::int64_t s = step - totp_window; s <= step + totp_window; ++s) {
        if (s < 0) {
            continue;
        }
        const std::string expect = hotp(*key, static_cast<std::uint64_t>(s));
        ok |= CRYPTO_memcmp(expect.data(), code.data(), code.size()) == 0;
    }
    return ok;
}

std::string totp_uri(std::string_view secret, std::string_view account, std::string_view issuer) {
    const std::string i = percent_encode(issuer);
    return "otpauth://totp/" + i + ":" + percent_encode(account) +
           "?secret=" + std::string(secret) + "&issuer=" + i +
           "&algorithm=SHA1&digits=" + std::to_string(totp_digits) +
           "&period=" + std::to_string(totp_step_s);
}

}  // namespace ibasho::staff
