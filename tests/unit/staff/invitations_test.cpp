// Invitations: only the code's SHA-256 is stored, a code is taken once (also when two accepts
// race), it expires after 72 hours, and one given back can be taken again.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/clock.hpp"
#include "server/staff/digest.hpp"
#include "server/staff/invitations.hpp"
#include "server/store/memory_store.hpp"

using namespace ibasho;
using namespace ibasho::staff;
using namespace std::chrono_literals;

namespace {

// A Store whose get() answers are held until release(), so two readers can both read before
// either writes — the race two accepts of one code make.
class HeldGets final : public Store {
  public:
    explicit HeldGets(Store& inner) : inner_(inner) {}
    void get(const std::string& kind, const std::string& id, GetDone done) override {
        inner_.get(kind, id, [this, done](StoreResult r, StoreRecord rec) {
            held_.push_back([done, r, rec] { done(r, rec); });
        });
    }
    void list(const std::string& kind, const std::optional<std::string>& owner,
              ListDone done) override {
        inner_.list(kind, owner, std::move(done));
    }
    void put(StoreRecord record, std::uint64_t expected, PutDone done) override {
        inner_.put(std::move(record), expected, std::move(done));
    }
    void remove(const std::string& kind, const std::string& id, std::uint64_t expected,
                RemoveDone done) override {
        inner_.remove(kind, id, expected, std::move(done));
    }
    void watch(WatchFn fn) override { inner_.watch(std::move(fn)); }
    void release() {
        auto held = std::move(held_);
        for (auto& fn : held)
            fn();
    }

  private:
    Store& inner_;
    std::vector<std::function<void()>> held_;
};

struct Fixture {
    ManualClock clock;
    MemoryStore store{clock};
    Invitations invitations{store, clock};

    std::string create() {
        std::string code;
        Invite i;
        i.rooms = {"room-a"};
        i.by = "st_org";
        invitations.create(i, [&](StoreResult r, std::string c, std::int64_t expires) {
            REQUIRE(r == StoreResult::ok);
            CHECK(expires == clock.unix_ms() + invite_ttl.count());
            code = std::move(c);
        });
        return code;
    }
    std::pair<StoreResult, Invite> take(const std::string& code) {
        std::pair<StoreResult, Invite> out{StoreResult::invalid, {}};
        invitations.take(code, [&](StoreResult r, Invite i) { out = {r, std::move(i)}; });
        return out;
    }
};

}  // namespace

TEST_CASE("invitations: a 128-bit code, stored as its hash, taken once", "[staff][invite]") {
    Fixture f;
    const std::string code = f.create();
    CHECK(looks_like_invite_code(code));
    StoreRecord rec;
    f.store.get("invite", sha256_hex(code), [&](StoreResult r, StoreRecord x) {
        REQUIRE(r == StoreResult::ok);
        rec = x;
    });
    CHECK(rec.body.find(code) == std::string::npos);
    CHECK(rec.ttl == invite_ttl);
    const auto body = nlohmann::json::parse(rec.body);
    CHECK(body["role"] == "supporter");
    CHECK(body["rooms"] == nlohmann::json::array({"room-a"}));
    CHECK(body["by"] == "st_org");

    const auto [r, invite] = f.take(code);
    REQUIRE(r == StoreResult::ok);
    CHECK(invite.rooms == std::vector<std::string>{"room-a"});
    CHECK(f.take(code).first == StoreResult::not_found);
    CHECK(f.take("not-a-code").first == StoreResult::not_found);
}

TEST_CASE("invitations: of two accepts that race, one wins", "[staff][invite]") {
    Fixture f;
    const std::string code = f.create();
    HeldGets held(f.store);
    Invitations racing(held, f.clock);
    std::vector<StoreResult> results;
    racing.take(code, [&](StoreResult r, Invite) { results.push_back(r); });
    racing.take(code, [&](StoreResult r, Invite) { results.push_back(r); });
    CHECK(results.empty());  // both have read the invite, neither has removed it
    held.release();
    REQUIRE(results.size() == 2);
    CHECK(std::count(results.begin(), results.end(), StoreResult::ok) == 1);
    CHECK(std::count(results.begin(), results.end(), StoreResult::not_found) == 1);
}

TEST_CASE("invitations: gone after 72 hours, one given back can be used", "[staff][invite]") {
    Fixture f;
    const std::string code = f.create();
    f.clock.advance(invite_ttl - 1s);
    auto [r, invite] = f.take(code);
    REQUIRE(r == StoreResult::ok);
    f.invitations.give_back(code, invite, nullptr);
    CHECK(f.take(code).first == StoreResult::ok);

    const std::string late = f.create();
    f.clock.advance(invite_ttl + 1s);
    CHECK(f.take(late).first == StoreResult::not_found);
}
