// Reports and the private word across two real nodes on one real Redis: a report made on one
// node reaches the supporter on the other within 5 s, and a participant and a supporter on
// different nodes hold a private thread from ask to end.
#include <catch2/catch.hpp>

#include "tests/integration/support/cluster_nodes.hpp"
#include "tests/integration/support/staff_seed.hpp"
#include "tests/integration/support/temp_dir.hpp"

using namespace ibasho::itest;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

ibasho::test::StaffSpec lobby_supporter() {
    ibasho::test::StaffSpec s;
    s.rooms = {std::string(rooms::open)};
    return s;
}

}  // namespace

TEST_CASE("two nodes: a report on node 2 reaches the supporter on node 1 within 5 s",
          "[cluster][reports]") {
    ControlledRedis redis;
    const std::string p = fresh_prefix("rp");
    auto n1 = redis_node(redis, p), n2 = redis_node(redis, p);
    const std::string token = seed_staff(redis, p, lobby_supporter());

    auto supporter = staff_client(*n1, token);
    supporter->join(rooms::open, "ひかり");
    auto writer = client_of(*n2);
    writer->hello();
    const std::string author = writer->join(rooms::open, "かく")["member"];
    auto reporter = client_of(*n2);
    reporter->hello();
    reporter->join(rooms::open, "よむ");
    writer->say(rooms::open, "ひどいことば", "w1");
    const auto seq = reporter->read_until("message")["seq"].get<std::uint64_t>();

    const auto sent = SteadyClock::now();
    reporter->send(Json{{"type", "report"},
                        {"room", rooms::open},
                        {"seq", seq},
                        {"reason", "hurtful"},
                        {"id", "c1"}});
    CHECK(reporter->read_until("done")["ref"] == "c1");
    const Json pushed = supporter->read_until("report", 5s);
    const auto took = SteadyClock::now() - sent;
    INFO("report reached node 1 after "
         << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
    CHECK(took < 5s);
    CHECK(pushed["report"]["text"] == "ひどいことば");
    CHECK(pushed["report"]["member"] == author);
    CHECK(pushed["report"]["seq"] == seq);

    // Closed from node 1: gone for a supporter who comes in later on node 2.
    supporter->send(Json{{"type", "resolve_report"},
                         {"report", pushed["report"]["id"]},
                         {"outcome", "resolved"},
                         {"id", "r1"}});
    CHECK(supporter->read_until("done")["action"] == "resolve_report");
    auto later = staff_client(*n2, token);
    later->send(Json{{"type", "join"}, {"room", rooms::open}, {"nick", "x"}});
    CHECK(later->read_until("queue")["reports"].empty());
}

TEST_CASE("two nodes: the private word with the participant on node 1 and the supporter on 2",
          "[cluster][private]") {
    ControlledRedis redis;
    const std::string p = fresh_prefix("rp");
    auto n1 = redis_node(redis, p), n2 = redis_node(redis, p);
    const std::string token = seed_staff(redis, p, lobby_supporter());

    auto supporter = staff_client(*n2, token);
    supporter->join(rooms::open, "ひかり");
    auto member = client_of(*n1);
    member->hello();
    const std::string member_id = member->join(rooms::open, "たずね")["member"];

    member->send(Json{{"type", "ask"}, {"room", rooms::open}, {"id", "a1"}});
    const std::string thread = member->read_until("ask_waiting")["ask"];
    const Json ask = supporter->read_until("ask");
    CHECK(ask["ask"]["id"] == thread);
    CHECK(ask["ask"]["member"] == member_id);

    supporter->send(Json{{"type", "accept_ask"}, {"ask", thread}, {"id", "x1"}});
    CHECK(supporter->read_until("private_open")["thread"] == thread);
    const Json open = member->read_until("private_open");
    CHECK(open["staff"] == "ひかり");
    CHECK(open["member"] == member_id);

    member->send(Json{{"type", "private_say"},
                      {"thread", thread},
                      {"text", "LINE ID: abc123 で話したい"},
                      {"id", "m1"}});
    const Json heard = supporter->read_until("private_message");
    CHECK(heard["from"] == "member");
    CHECK(heard["n"] == 1);
    CHECK(heard["text"].get<std::string>().find("abc123") == std::string::npos);
    CHECK(member->read_until("private_message")["n"] == 1);
    supporter->send(Json{
        {"type", "private_say"}, {"thread", thread}, {"text", "ここで大丈夫ですよ"}, {"id", "s1"}});
    const Json reply = member->read_until("private_message");
    CHECK(reply["from"] == "staff");
    CHECK(reply["text"] == "ここで大丈夫ですよ");

    member->send(Json{{"type", "private_end"}, {"thread", thread}, {"id", "e1"}});
    CHECK(supporter->read_until("private_ended")["by"] == "member");
    CHECK(member->read_until("private_ended")["by"] == "member");
    supporter->send(Json{{"type", "private_say"}, {"thread", thread}, {"text", "?"}, {"id", "s2"}});
    CHECK(supporter->read_until("error")["code"] == "no_such_ask");
}
