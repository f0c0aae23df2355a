// Argon2id at OWASP's parameters: the stored string names them, verification tells right from
// wrong, other parameters ask for a rehash, and the worker answers off the caller's thread.
#include <catch2/catch.hpp>

#include <sodium.h>

#include <thread>

#include "server/staff/hash_worker.hpp"
#include "server/staff/password_hash.hpp"
#include "sync.hpp"

using namespace ibasho;
using namespace ibasho::staff;

TEST_CASE("password hash: Argon2id with m=19456 KiB, t=2, p=1", "[staff][password]") {
    const auto h = hash_password("correct horse battery");
    REQUIRE(h);
    CHECK(h->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
    CHECK(h->find("correct horse") == std::string::npos);
    // Salted: the same password hashes differently each time.
    CHECK(*hash_password("correct horse battery") != *h);
    CHECK_FALSE(needs_rehash(*h));
}

TEST_CASE("password hash: verify tells the right password from others", "[staff][password]") {
    const auto h = hash_password("correct horse battery");
    REQUIRE(h);
    CHECK(verify_password(*h, "correct horse battery"));
    CHECK_FALSE(verify_password(*h, "correct horse batterY"));
    CHECK_FALSE(verify_password(*h, ""));
    CHECK_FALSE(verify_password("", "correct horse battery"));
    CHECK_FALSE(verify_password("not a hash", "correct horse battery"));
    CHECK_FALSE(hash_password(std::string(max_password_bytes + 1, 'x')));
}

TEST_CASE("password hash: other parameters or a foreign string need a rehash",
          "[staff][password]") {
    REQUIRE(sodium_init() >= 0);
    char weaker[crypto_pwhash_STRBYTES];
    const std::string pw = "correct horse battery";
    REQUIRE(crypto_pwhash_str_alg(weaker, pw.data(), pw.size(), 1, 8 * 1024 * 1024,
                                  crypto_pwhash_ALG_ARGON2ID13) == 0);
    CHECK(verify_password(weaker, pw));
    CHECK(needs_rehash(weaker));
    CHECK(needs_rehash("$2b$12$abcdefghijklmnopqrstuu"));
    CHECK(needs_rehash(""));
}

TEST_CASE("hash worker: hashes and verifies on its own thread, in order", "[staff][password]") {
    HashWorker worker;
    const auto caller = std::this_thread::get_id();
    test::Waiter<std::pair<std::optional<std::string>, std::thread::id>> hashed;
    worker.hash("a long enough password", [set = hashed.setter()](std::optional<std::string> h) {
        set({std::move(h), std::this_thread::get_id()});
    });
    const auto [hash, thread] = hashed.get();
    REQUIRE(hash);
    CHECK(thread != caller);

    test::Waiter<std::optional<bool>> good, bad, unknown;
    worker.verify(*hash, "a long enough password", good.setter());
    worker.verify(*hash, "another password", bad.setter());
    worker.verify("", "a long enough password", unknown.setter());  // the dummy verify
    CHECK(good.get() == std::optional<bool>(true));
    CHECK(bad.get() == std::optional<bool>(false));
    CHECK(unknown.get() == std::optional<bool>(false));
}
