// RFC 6238 TOTP: the RFC's SHA-1 test vectors, RFC 4648 base32, the ±1 step window, and the
// otpauth:// URI.
#include <catch2/catch.hpp>

#include "server/staff/totp.hpp"

using namespace ibasho::staff;

TEST_CASE("totp: the RFC 6238 SHA-1 test vectors (8 digits)", "[staff][totp]") {
    const std::string key = "12345678901234567890";
    const std::vector<std::pair<std::int64_t, std::string>> vectors{
        {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
        {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
    for (const auto& [t, code] : vectors) {
        INFO("T = " << t);
        CHECK(totp_at(key, t, 8) == code);
        // Six digits are the last six of the same value.
        CHECK(totp_at(key, t) == code.substr(2));
    }
}

TEST_CASE("totp: RFC 4648 base32 both ways", "[staff][totp]") {
    const std::vector<std::pair<std::string, std::string>> vectors{{"", ""},
                                                                   {"f", "MY"},
                                                                   {"fo", "MZXQ"},
                                                                   {"foo", "MZXW6"},
                                                                   {"foob", "MZXW6YQ"},
                                                                   {"fooba", "MZXW6YTB"},
                                                                   {"foobar", "MZXW6YTBOI"}};
    for (const auto& [plain, encoded] : vectors) {
        CHECK(base32_encode(plain) == encoded);
        CHECK(base32_decode(encoded) == plain);
    }
    CHECK(base32_decode("mzxw6ytboi======") == std::string("foobar"));
    CHECK_FALSE(base32_decode("MZXW1"));  // '1' is not base32
    const std::string secret = new_totp_secret();
    CHECK(secret.size() == 32);
    CHECK(base32_decode(secret)->size() == 20);
    CHECK(new_totp_secret() != secret);
}

TEST_CASE("totp: one step of drift either way, no more", "[staff][totp]") {
    const std::string secret = base32_encode("12345678901234567890");
    const std::int64_t now_s = 1'790'000'015;  // inside a step
    const std::int64_t now_ms = now_s * 1000;
    const std::string key = "12345678901234567890";
    CHECK(totp_matches(secret, totp_at(key, now_s), now_ms));
    CHECK(totp_matches(secret, totp_at(key, now_s - 30), now_ms));
    CHECK(totp_matches(secret, totp_at(key, now_s + 30), now_ms));
    CHECK_FALSE(totp_matches(secret, totp_at(key, now_s - 60), now_ms));
    CHECK_FALSE(totp_matches(secret, totp_at(key, now_s + 60), now_ms));
    CHECK_FALSE(totp_matches(secret, "", now_ms));
    CHECK_FALSE(totp_matches(secret, "12345", now_ms));
    CHECK_FALSE(totp_matches(secret, "12a456", now_ms));
    CHECK_FALSE(totp_matches("not base32!", totp_at(key, now_s), now_ms));
}

TEST_CASE("totp: the otpauth URI an authenticator app scans", "[staff][totp]") {
    CHECK(totp_uri("JBSWY3DPEHPK3PXP", "Aiko Sato") ==
          "otpauth://totp/ibasho:Aiko%20Sato?secret=JBSWY3DPEHPK3PXP&issuer=ibasho"
          "&algorithm=SHA1&digits=6&period=30");
}
