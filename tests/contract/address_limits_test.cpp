// Per-address limits across nodes (issue 15): two limiters ("nodes") on one shared counter —
// memory, or one Redis reached through two connections — spend one budget between them.
#include <catch2/catch.hpp>

#include "chat_harness.hpp"
#include "redis_test_server.hpp"
#include "server/abuse/address_limits.hpp"
#include "server/abuse/redis_address_counter.hpp"
#include "server/shards.hpp"

using namespace ibasho;
using namespace ibasho::abuse;
using namespace ibasho::test;
using namespace std::chrono_literals;

namespace {

const std::string hash_a = "0123456789abcdef0123456789abcdef";
const std::string hash_b = "fedcba9876543210fedcba9876543210";

// Two nodes' counters on one backend: for Redis, two connections with one prefix.
struct TwoNodes {
    explicit TwoNodes(Backend kind) {
        if (kind == Backend::memory) {
            memory = std::make_unique<MemoryAddressCounter>(clock);
            return;
        }
        const std::string prefix = unique_prefix();
        for (auto* s : {&seams_a, &seams_b}) {
            *s = std::make_unique<Seams>(Backend::redis, shards, clock, prefix);
        }
        redis_a = std::make_unique<RedisAddressCounter>(*seams_a->node);
        redis_b = std::make_unique<RedisAddressCounter>(*seams_b->node);
    }
    AddressCounter& a() {
        if (memory)
            return *memory;
        return *redis_a;
    }
    AddressCounter& b() {
        if (memory)
            return *memory;
        return *redis_b;
    }
    void settle() {
        if (seams_a) {
            test::settle(shards, seams_a->node.get());
            test::settle(shards, seams_b->node.get());
        }
    }

    ManualClock clock;
    Shards shards{1};
    std::unique_ptr<Seams> seams_a, seams_b;
    std::unique_ptr<MemoryAddressCounter> memory;
    std::unique_ptr<RedisAddressCounter> redis_a, redis_b;
};

int taken(AddressLimits& limits, const std::string& hash, int tries) {
    int n = 0;
    for (int i = 0; i < tries; ++i) {
        n += limits.take_frame(hash) ? 1 : 0;
    }
    return n;
}

}  // namespace

TEMPLATE_TEST_CASE("address limits: frames on two nodes share one budget", "[abuse][contract]",
                   MemoryBackend, RedisBackend) {
    TwoNodes nodes(TestType::kind);
    AddressLimits a(nodes.a(), nodes.clock, {0, 10});
    AddressLimits b(nodes.b(), nodes.clock, {0, 10});

    CHECK(taken(a, hash_a, 6) == 6);
    a.flush();
    nodes.settle();
    CHECK(taken(b, hash_a, 1) == 1);
    b.flush();  // b hears a's six
    nodes.settle();
    CHECK(taken(b, hash_a, 10) == 3);  // 6 + 1 + 3 = the budget
    b.flush();
    a.flush();  // a had nothing new, and asks anyway: it hears b's four
    nodes.settle();
    CHECK(taken(a, hash_a, 5) == 0);
    CHECK(taken(b, hash_a, 5) == 0);
    // Another address has its own budget, on either node.
    CHECK(taken(a, hash_b, 4) == 4);

    // The next window starts afresh everywhere.
    nodes.clock.advance(address_limit_window);
    CHECK(taken(a, hash_a, 4) == 4);
    CHECK(taken(b, hash_a, 4) == 4);
    a.flush();
    b.flush();
    nodes.settle();
    a.flush();
    b.flush();
    nodes.settle();
    CHECK(taken(a, hash_a, 5) == 2);
    a.flush();
    nodes.settle();
    b.flush();  // b hears a's last two before it decides again
    nodes.settle();
    CHECK(taken(b, hash_a, 5) == 0);
}

TEMPLATE_TEST_CASE("address limits: connections on two nodes share one exact budget",
                   "[abuse][contract]", MemoryBackend, RedisBackend) {
    TwoNodes nodes(TestType::kind);
    AddressLimits a(nodes.a(), nodes.clock, {4, 0});
    AddressLimits b(nodes.b(), nodes.clock, {4, 0});
    std::vector<int> answers;  // 1 admitted, 0 refused, in the order asked
    auto ask = [&](AddressLimits& on, const std::string& hash) {
        on.admit_connection(hash, [&](bool ok) { answers.push_back(ok ? 1 : 0); });
        nodes.settle();
    };
    ask(a, hash_a);
    ask(b, hash_a);
    ask(a, hash_a);
    ask(b, hash_a);
    ask(b, hash_a);  // the fifth, wherever it lands
    ask(a, hash_a);
    ask(a, hash_b);  // another address is not held back
    CHECK(answers == std::vector<int>{1, 1, 1, 1, 0, 0, 1});

    nodes.clock.advance(address_limit_window);
    answers.clear();
    ask(b, hash_a);
    CHECK(answers == std::vector<int>{1});
}

TEST_CASE("address limits: no limit, or no address, takes no count", "[abuse]") {
    ManualClock clock;
    MemoryAddressCounter counter(clock);
    AddressLimits off(counter, clock, {0, 0});
    CHECK(taken(off, hash_a, 1000) == 1000);
    bool admitted = false;
    off.admit_connection(hash_a, [&](bool ok) { admitted = ok; });
    CHECK(admitted);
    off.flush();
    CHECK(counter.size() == 0);

    AddressLimits on(counter, clock, {1, 1});
    CHECK(taken(on, "", 10) == 10);  // no address known (a unix socket, a test)
    int yes = 0;
    for (int i = 0; i < 3; ++i)
        on.admit_connection("", [&](bool ok) { yes += ok ? 1 : 0; });
    CHECK(yes == 3);
    CHECK(counter.size() == 0);
}

TEST_CASE("address limits: counts are gone two windows later", "[abuse]") {
    ManualClock clock;
    MemoryAddressCounter counter(clock);
    AddressLimits limits(counter, clock, {3, 3});
    limits.admit_connection(hash_a, [](bool) {});
    CHECK(taken(limits, hash_a, 5) == 3);
    limits.flush();
    CHECK(counter.size() == 2);  // one connection count, one frame count
    clock.advance(2 * address_limit_window);
    CHECK(counter.size() == 0);
}

TEST_CASE("address limits: with the counts out of reach, a node keeps its own count", "[abuse]") {
    struct Down final : AddressCounter {
        void add(std::vector<CountAdd>, Done done) override { done({}); }
    } down;
    ManualClock clock;
    AddressLimits limits(down, clock, {2, 5});
    CHECK(taken(limits, hash_a, 3) == 3);
    limits.flush();
    CHECK(taken(limits, hash_a, 5) == 2);  // the three it counted still count
    bool admitted = false;
    limits.admit_connection(hash_a, [&](bool ok) { admitted = ok; });
    CHECK(admitted);  // connections are not refused for Redis being away
}
