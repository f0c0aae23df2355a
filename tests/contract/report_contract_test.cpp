#include <catch2/catch.hpp>

#include <hiredis/hiredis.h>

#include <map>

#include "chat_harness.hpp"
#include "moderation/contact_shield.hpp"
#include "server/chat/report_store.hpp"
#include "server/control/control.hpp"
#include "staff_fixture.hpp"

// Reports and the private word against the memory seams and a real Redis: a report holds the
// message and never the reporter, reaches the room's staff and organisers (operator reports:
// organisers only), is closed by staff only, and expires after a week; an ask is accepted by
// exactly one supporter, and only the two sides of a thread can write in it.

using namespace ibasho;
using namespace ibasho::test;
using nlohmann::json;

namespace {

const StaffSpec hikari;  // supporter of "open"
StaffSpec sora() {
    StaffSpec s;
    s.id = "st_sora000000000001";
    s.name = "そら";
    return s;
}
StaffSpec umi() {  // a supporter of another room
    StaffSpec s;
    s.id = "st_umi0000000000001";
    s.name = "うみ";
    s.rooms = {"women"};
    return s;
}
StaffSpec mori() {
    StaffSpec s;
    s.id = "st_mori000000000001";
    s.name = "もり";
    s.role = "organiser";
    s.rooms = {};
    return s;
}

// A staff client signed in with a fresh token for `spec`.
std::uint64_t say(Client& c, const std::string& room, const std::string& text,
                  const std::string& id) {
    c.send(json{{"type", "say"}, {"room", room}, {"text", text}, {"id", id}});
    const json m = c.take_first("message");
    REQUIRE_FALSE(m.is_null());
    return m["seq"].get<std::uint64_t>();
}

json report(Client& c, const std::string& room, std::uint64_t seq, const std::string& reason,
            const std::string& id) {
    c.send(json{{"type", "report"}, {"room", room}, {"seq", seq}, {"reason", reason}, {"id", id}});
    for (const auto& o : c.take()) {
        if (o["type"] == "done" || o["type"] == "error") {
            return o;
        }
    }
    return nullptr;
}

std::vector<StoreRecord> list(ChatNode& node, const std::string& kind,
                              std::optional<std::string> owner = std::nullopt) {
    std::vector<StoreRecord> out;
    node.seams.store->list(kind, owner,
                           [&](StoreResult, std::vector<StoreRecord> r) { out = std::move(r); });
    node.settle();
    return out;
}

void setup_staff(ChatNode& node) {
    for (const auto& s : {hikari, sora(), umi(), mori()}) {
        put_staff(*node.seams.store, s);
    }
    node.settle();
}

// Every key under the node's prefix with a printable form of its value (Redis only).
std::map<std::string, std::string> redis_contents(ChatNode& node) {
    auto& n = *node.seams.node;
    std::vector<std::string> keys;
    std::string cursor = "0";
    do {
        bool answered = false;
        n.post([&] {
            n.commands().command(
                {"SCAN", cursor, "MATCH", n.prefix() + "*", "COUNT", "1000"},
                [&](const redisReply* r) {
                    answered = true;
                    cursor = std::string(redis::as_string(redis::array_at(r, 0)));
                    const auto* batch = redis::array_at(r, 1);
                    for (std::size_t i = 0; i < redis::array_size(batch); ++i) {
                        keys.emplace_back(redis::as_string(redis::array_at(batch, i)));
                    }
                });
        });
        node.settle();
        REQUIRE(answered);
    } while (cursor != "0");
    std::map<std::string, std::string> types;
    n.post([&] {
        for (const auto& k : keys) {
            n.commands().command({"TYPE", k}, [&types, k](const redisReply* r) {
                types[k] = std::string(redis::as_string(r));
            });
        }
    });
    node.settle();
    std::map<std::string, std::string> out;
    n.post([&] {
        for (const auto& [k, type] : types) {
            std::vector<std::string> argv;
            if (type == "string") {
                argv = {"GET", k};
            } else if (type == "hash") {
                argv = {"HGETALL", k};
            } else if (type == "list") {
                argv = {"LRANGE", k, "0", "-1"};
            } else if (type == "set") {
                argv = {"SMEMBERS", k};
            } else if (type == "zset") {
                argv = {"ZRANGE", k, "0", "-1"};
            } else {
                out[k] = "";
                continue;
            }
            std::vector<std::string_view> views(argv.begin(), argv.end());
            n.commands().command(views, [&out, k, argv](const redisReply* r) {
                std::string text;
                if (redis::array_size(r) == 0) {
                    text = std::string(redis::as_string(r));
                }
                for (std::size_t i = 0; i < redis::array_size(r); ++i) {
                    text += std::string(redis::as_string(redis::array_at(r, i))) + "\n";
                }
                out[k] = std::move(text);
            });
        }
    });
    node.settle();
    return out;
}

std::set<std::string> keys_mentioning(const std::map<std::string, std::string>& contents,
                                      const std::vector<std::string>& needles) {
    std::set<std::string> out;
    for (const auto& [k, v] : contents) {
        for (const auto& needle : needles) {
            if (k.find(needle) != std::string::npos || v.find(needle) != std::string::npos) {
                out.insert(k);
            }
        }
    }
    return out;
}

}  // namespace

TEMPLATE_TEST_CASE("a report holds the message, never the reporter, and reaches the room's staff",
                   "[contract][reports]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    setup_staff(node);
    Client supporter(node), organiser(node), elsewhere(node), writer(node), reporter(node);
    staff_hello(node, supporter, hikari);
    staff_hello(node, organiser, mori());
    staff_hello(node, elsewhere, umi());
    REQUIRE(supporter.join("open", "x")["type"] == "joined");
    writer.hello();
    const std::string author = writer.join("open", "かく")["member"];
    const std::string token = reporter.hello();
    const json seat = reporter.join("open", "しらせびと");
    const std::string reporter_member = seat["member"];
    const std::string reporter_nick = seat["nick"];
    const std::string address = session_address(token);
    const std::uint64_t seq = say(writer, "open", "ひどいことば", "w1");
    supporter.take();
    organiser.take();
    elsewhere.take();
    reporter.take();

    const std::vector<std::string> reporter_ids{token, address, reporter_member, reporter_nick};
    std::set<std::string> about_reporter_before;
    if (TestType::kind == Backend::redis) {
        about_reporter_before = keys_mentioning(redis_contents(node), reporter_ids);
    }

    const json done = report(reporter, "open", seq, "hurtful", "c1");
    REQUIRE(done["type"] == "done");
    CHECK(done["ref"] == "c1");
    CHECK(done["action"] == "report");

    const auto pushed = of_type(supporter.take(), "report");
    REQUIRE(pushed.size() == 1);
    const json& r = pushed[0]["report"];
    CHECK(r["room"] == "open");
    CHECK(r["seq"] == seq);
    CHECK(r["reason"] == "hurtful");
    CHECK(r["text"] == "ひどいことば");
    CHECK(r["member"] == author);
    CHECK(r["nick"] == "かく");
    CHECK(r["id"].get<std::string>().rfind("r_", 0) == 0);
    CHECK(r["id"].get<std::string>().size() == 18);
    CHECK(of_type(organiser.take(), "report").size() == 1);
    CHECK(of_type(elsewhere.take(), "report").empty());  // a supporter of another room
    CHECK(of_type(writer.take(), "report").empty());
    CHECK(of_type(reporter.take(), "report").empty());

    // The stored body: the spec's fields, and nothing of the reporter.
    const auto stored = list(node, "report", std::string("open"));
    REQUIRE(stored.size() == 1);
    const json body = json::parse(stored[0].body);
    std::set<std::string> fields;
    for (const auto& item : body.items()) {
        fields.insert(item.key());
    }
    CHECK(fields == std::set<std::string>{"room", "seq", "reason", "text", "member", "nick",
                                          "created_ms", "state"});
    for (const auto& id : reporter_ids) {
        INFO(id);
        CHECK(stored[0].body.find(id) == std::string::npos);
        CHECK(stored[0].owner.find(id) == std::string::npos);
    }

    if (TestType::kind == Backend::redis) {
        // Nothing in Redis that mentions the report mentions the reporter, and the report
        // added no key about the reporter.
        const auto contents = redis_contents(node);
        const auto about_report = keys_mentioning(contents, {r["id"].get<std::string>()});
        CHECK_FALSE(about_report.empty());
        for (const auto& k : about_report) {
            for (const auto& id : reporter_ids) {
                INFO(k << " holds " << id);
                CHECK(k.find(id) == std::string::npos);
                CHECK(contents.at(k).find(id) == std::string::npos);
            }
        }
        CHECK(keys_mentioning(contents, reporter_ids) == about_reporter_before);
    }

    // Twice is once.
    CHECK(report(reporter, "open", seq, "spam", "c2")["type"] == "done");
    CHECK(list(node, "report").size() == 1);
    CHECK(of_type(supporter.take(), "report").empty());
    // Nothing there.
    CHECK(report(reporter, "open", seq + 100, "spam", "c3")["code"] == "no_such_message");
    CHECK(report(reporter, "women", seq, "spam", "c4")["code"] == "not_in_room");

    // An organiser seated in the room as staff gets a report once, not twice.
    REQUIRE(organiser.join("open", "x")["type"] == "joined");
    organiser.take();
    const std::uint64_t second = say(writer, "open", "もういちど", "w2");
    CHECK(report(reporter, "open", second, "other", "c5")["type"] == "done");
    CHECK(of_type(organiser.take(), "report").size() == 1);
    CHECK(of_type(supporter.take(), "report").size() == 1);
}

TEMPLATE_TEST_CASE("operator reports go to organisers only", "[contract][reports]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    setup_staff(node);
    Client supporter(node), organiser(node), writer(node), reporter(node);
    staff_hello(node, supporter, hikari);
    staff_hello(node, organiser, mori());
    REQUIRE(supporter.join("open", "x")["type"] == "joined");
    writer.hello();
    writer.join("open", "かく");
    reporter.hello();
    reporter.join("open", "よむ");
    const std::uint64_t seq = say(writer, "open", "相談員に嫌なことを言われた", "w1");
    supporter.take();
    REQUIRE(report(reporter, "open", seq, "operator", "c1")["type"] == "done");
    CHECK(of_type(supporter.take(), "report").empty());
    const auto got = of_type(organiser.take(), "report");
    REQUIRE(got.size() == 1);
    const std::string id = got[0]["report"]["id"];

    // Not in a supporter's queue, and not theirs to close.
    supporter.send(json{{"type", "leave"}, {"room", "open"}});
    supporter.take();
    supporter.join("open", "x");
    supporter.take();
    supporter.send(json{{"type", "leave"}, {"room", "open"}});
    supporter.send(json{{"type", "join"}, {"room", "open"}, {"nick", "x"}});
    const json queue = supporter.take_first("queue");
    REQUIRE_FALSE(queue.is_null());
    CHECK(queue["reports"].empty());
    supporter.send(
        json{{"type", "resolve_report"}, {"report", id}, {"outcome", "resolved"}, {"id", "r1"}});
    CHECK(supporter.take_first("error")["code"] == "forbidden");
    CHECK(list(node, "report").size() == 1);
    organiser.send(json{{"type", "resolve_report"},
                        {"report", id},
                        {"outcome", "dismissed"},
                        {"reason", "handled"},
                        {"id", "r2"}});
    CHECK(organiser.take_first("done")["action"] == "resolve_report");
    CHECK(list(node, "report").empty());
}

TEMPLATE_TEST_CASE("only staff close a report, which removes its text and is audited",
                   "[contract][reports]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    setup_staff(node);
    Client supporter(node), other(node), organiser(node), elsewhere(node), writer(node),
        reporter(node);
    staff_hello(node, supporter, hikari);
    staff_hello(node, other, sora());
    staff_hello(node, organiser, mori());
    staff_hello(node, elsewhere, umi());
    supporter.join("open", "x");
    other.join("open", "x");
    writer.hello();
    writer.join("open", "かく");
    reporter.hello();
    reporter.join("open", "よむ");
    const std::uint64_t seq = say(writer, "open", "けしてほしい文", "w1");
    REQUIRE(report(reporter, "open", seq, "hurtful", "c1")["type"] == "done");
    const std::string id = of_type(supporter.take(), "report").at(0)["report"]["id"];
    const json resolve{{"type", "resolve_report"},
                       {"report", id},
                       {"outcome", "resolved"},
                       {"reason", "handled"},
                       {"id", "r1"}};

    // A participant, and a supporter of another room: forbidden, and nothing changes.
    reporter.send(resolve);
    CHECK(reporter.take_first("error")["code"] == "forbidden");
    elsewhere.send(resolve);
    CHECK(elsewhere.take_first("error")["code"] == "forbidden");
    CHECK(list(node, "report").size() == 1);
    CHECK(of_type(other.take(), "report_closed").empty());

    supporter.send(resolve);
    const json done = supporter.take_first("done");
    CHECK(done["ref"] == "r1");
    CHECK(done["action"] == "resolve_report");
    CHECK(list(node, "report").empty());
    std::optional<StoreResult> got;
    node.seams.store->get("report", id, [&](StoreResult r, StoreRecord) { got = r; });
    node.settle();
    CHECK(got == StoreResult::not_found);
    const auto closed = of_type(other.take(), "report_closed");
    REQUIRE(closed.size() == 1);
    CHECK(closed[0]["report"] == id);
    CHECK(of_type(organiser.take(), "report_closed").size() == 1);
    CHECK(of_type(supporter.take(), "report_closed").empty());

    const auto audit = list(node, "audit");
    REQUIRE(audit.size() == 1);
    const json entry = json::parse(audit[0].body);
    CHECK(entry["action"] == "resolve_report");
    CHECK(entry["staff"] == "ひかり");
    CHECK(entry["room"] == "open");
    CHECK(entry["reason"] == "handled");
    CHECK(audit[0].body.find("けしてほしい文") == std::string::npos);

    supporter.send(resolve);
    CHECK(supporter.take_first("error")["code"] == "no_such_report");
}

TEMPLATE_TEST_CASE("a report lives seven days", "[contract][reports]", MemoryBackend,
                   RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    Client writer(node), reporter(node);
    writer.hello();
    writer.join("open", "かく");
    reporter.hello();
    reporter.join("open", "よむ");
    const std::uint64_t seq = say(writer, "open", "あとで消える", "w1");
    REQUIRE(report(reporter, "open", seq, "spam", "c1")["type"] == "done");
    const auto stored = list(node, "report");
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].ttl > std::chrono::hours(24 * 7) - std::chrono::minutes(1));
    CHECK(stored[0].ttl <= std::chrono::hours(24 * 7));
    if (TestType::kind == Backend::memory) {
        node.clock.advance(std::chrono::hours(24 * 7) - std::chrono::seconds(1));
        CHECK(list(node, "report").size() == 1);
        node.clock.advance(std::chrono::seconds(2));
        CHECK(list(node, "report").empty());
    } else {
        // Redis expires the key itself: it has a TTL of a week.
        auto& n = *node.seams.node;
        const std::string key =
            static_cast<RedisStore&>(*node.seams.store).record_key("report", stored[0].id);
        long long pttl = 0;
        n.post([&] {
            n.commands().command({"PTTL", key},
                                 [&](const redisReply* r) { pttl = redis::as_integer(r); });
        });
        node.settle();
        CHECK(pttl > (24LL * 7 * 3600 - 60) * 1000);
        CHECK(pttl <= 24LL * 7 * 3600 * 1000);
    }
}

TEMPLATE_TEST_CASE("staff get the room's queue right after joined", "[contract][reports]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    setup_staff(node);
    Client writer(node), asker(node), supporter(node);
    writer.hello();
    writer.join("open", "かく");
    asker.hello();
    asker.join("open", "たずね");
    const std::uint64_t seq = say(writer, "open", "きになる", "w1");
    REQUIRE(report(asker, "open", seq, "worried", "c1")["type"] == "done");
    asker.send(json{{"type", "ask"}, {"room", "open"}, {"id", "a1"}});
    const json waiting = asker.take_first("ask_waiting");
    REQUIRE_FALSE(waiting.is_null());

    staff_hello(node, supporter, hikari);
    supporter.send(json{{"type", "join"}, {"room", "open"}, {"nick", "x"}});
    const auto all = supporter.take();
    std::size_t joined_at = all.size(), queue_at = all.size();
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i]["type"] == "joined") {
            joined_at = i;
        }
        if (all[i]["type"] == "queue") {
            queue_at = i;
        }
    }
    REQUIRE(queue_at < all.size());
    CHECK(joined_at < queue_at);
    const json& q = all[queue_at];
    CHECK(q["room"] == "open");
    REQUIRE(q["reports"].size() == 1);
    CHECK(q["reports"][0]["text"] == "きになる");
    CHECK(q["reports"][0]["reason"] == "worried");
    REQUIRE(q["asks"].size() == 1);
    CHECK(q["asks"][0]["id"] == waiting["ask"]);
    CHECK(q["asks"][0]["nick"] == "たずね");
    CHECK_FALSE(q["asks"][0].contains("address"));

    // Participants get no queue.
    Client p(node);
    p.hello();
    p.send(json{{"type", "join"}, {"room", "open"}, {"nick", "み"}});
    CHECK(p.take_first("queue").is_null());
}

TEMPLATE_TEST_CASE("the private word: ask, one accept wins, both sides write, either ends",
                   "[contract][private]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    setup_staff(node);
    Client s1(node), s2(node), organiser(node), member(node), stranger(node);
    staff_hello(node, s1, hikari);
    staff_hello(node, s2, sora());
    staff_hello(node, organiser, mori());
    s1.join("open", "x");
    s2.join("open", "x");
    const std::string token = member.hello();
    const std::string member_id = member.join("open", "たずね")["member"];
    stranger.hello();
    stranger.join("open", "ほか");

    member.send(json{{"type", "ask"}, {"room", "open"}, {"id", "a1"}});
    const json waiting = member.take_first("ask_waiting");
    REQUIRE_FALSE(waiting.is_null());
    CHECK(waiting["room"] == "open");
    const std::string thread = waiting["ask"];
    CHECK(thread.rfind("q_", 0) == 0);
    for (Client* c : {&s1, &s2, &organiser}) {
        const json a = c->take_first("ask");
        REQUIRE_FALSE(a.is_null());
        CHECK(a["ask"]["id"] == thread);
        CHECK(a["ask"]["member"] == member_id);
        CHECK(a["ask"]["nick"] == "たずね");
        CHECK_FALSE(a["ask"].contains("address"));
    }
    CHECK(stranger.take_first("ask").is_null());
    // The stored ask routes by session address, never by token.
    const auto asks = list(node, "ask");
    REQUIRE(asks.size() == 1);
    CHECK(asks[0].body.find(token) == std::string::npos);
    CHECK(json::parse(asks[0].body)["address"] == session_address(token));
    // Asking again is the same ask.
    member.send(json{{"type", "ask"}, {"room", "open"}, {"id", "a2"}});
    CHECK(member.take_first("ask_waiting")["ask"] == thread);
    CHECK(list(node, "ask").size() == 1);

    // Two supporters accept at once: exactly one wins.
    s1.send_only(json{{"type", "accept_ask"}, {"ask", thread}, {"id", "x1"}});
    s2.send_only(json{{"type", "accept_ask"}, {"ask", thread}, {"id", "x2"}});
    node.settle();
    const auto got1 = s1.take(), got2 = s2.take();
    const bool first_won = !of_type(got1, "private_open").empty();
    const auto& won = first_won ? got1 : got2;
    const auto& lost = first_won ? got2 : got1;
    Client& winner = first_won ? s1 : s2;
    Client& loser = first_won ? s2 : s1;
    const std::string winner_name = first_won ? "ひかり" : "そら";
    REQUIRE(of_type(won, "private_open").size() == 1);
    CHECK(of_type(lost, "private_open").empty());
    REQUIRE(of_type(lost, "error").size() == 1);
    CHECK(of_type(lost, "error")[0]["code"] == "no_such_ask");
    CHECK(of_type(lost, "ask_taken").size() == 1);
    CHECK(of_type(won, "ask_taken").empty());
    const json open = member.take_first("private_open");
    REQUIRE_FALSE(open.is_null());
    CHECK(open["thread"] == thread);
    CHECK(open["room"] == "open");
    CHECK(open["staff"] == winner_name);
    CHECK(open["member"] == member_id);
    CHECK(open["nick"] == "たずね");

    // The participant's contact details are masked; the supporter's links are not.
    member.send(json{{"type", "private_say"},
                     {"thread", thread},
                     {"text", "電話して 090-1234-5678"},
                     {"id", "m1"}});
    const json to_staff = winner.take_first("private_message");
    const json echo = member.take_first("private_message");
    REQUIRE_FALSE(to_staff.is_null());
    CHECK(to_staff == echo);
    CHECK(to_staff["from"] == "member");
    CHECK(to_staff["n"] == 1);
    CHECK(to_staff["nick"] == "たずね");
    CHECK(to_staff["id"] == "m1");
    const std::string masked = to_staff["text"];
    CHECK(masked.find("090") == std::string::npos);
    CHECK(masked.find(std::string(moderation::contact_mask)) != std::string::npos);
    winner.send(json{{"type", "private_say"},
                     {"thread", thread},
                     {"text", "こちらへ https://example.org/help"},
                     {"id", "s1"}});
    const json reply = member.take_first("private_message");
    CHECK(reply["from"] == "staff");
    CHECK(reply["n"] == 2);
    CHECK(reply["nick"] == winner_name);
    CHECK(reply["text"] == "こちらへ https://example.org/help");
    CHECK(winner.take_first("private_message")["n"] == 2);

    // Nobody else writes into it or ends it; nobody else reads it.
    for (Client* c : {&loser, &stranger, &organiser}) {
        c->send(json{{"type", "private_say"}, {"thread", thread}, {"text", "やあ"}, {"id", "z"}});
        CHECK(c->take_first("error")["code"] == "forbidden");
        c->send(json{{"type", "private_end"}, {"thread", thread}, {"id", "z2"}});
        CHECK(c->take_first("error")["code"] == "forbidden");
    }
    CHECK(stranger.take_first("private_message").is_null());
    CHECK(loser.take_first("private_message").is_null());

    // A participant who comes back gets the thread and its lines again.
    member.disconnect();
    Client back(node);
    back.send(json{{"type", "hello"}, {"v", 1}, {"resume", token}});
    const json again = back.take_first("private_open");
    REQUIRE_FALSE(again.is_null());
    CHECK(again["thread"] == thread);
    REQUIRE(again["lines"].size() == 2);
    CHECK(again["lines"][0]["text"] == masked);
    CHECK(again["lines"][1]["from"] == "staff");

    winner.send(json{{"type", "private_end"}, {"thread", thread}, {"id", "e1"}});
    const json ended = back.take_first("private_ended");
    CHECK(ended["thread"] == thread);
    CHECK(ended["by"] == "staff");
    CHECK(winner.take_first("private_ended")["by"] == "staff");
    CHECK(list(node, "ask").empty());
    bool audited = false;
    for (const auto& a : list(node, "audit")) {
        const json e = json::parse(a.body);
        audited = audited || (e["action"] == "private_end" && e["member"] == member_id);
        CHECK(a.body.find("090") == std::string::npos);
        CHECK(a.body.find("example.org") == std::string::npos);
    }
    CHECK(audited);
    back.send(json{{"type", "private_say"}, {"thread", thread}, {"text", "まだ"}, {"id", "m2"}});
    CHECK(back.take_first("error")["code"] == "no_such_ask");
}

TEMPLATE_TEST_CASE("asking needs a room with staff, and is for participants", "[contract][private]",
                   MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    put_staff(*node.seams.store, hikari);  // a supporter of "open" only, no organiser
    node.settle();
    Client p(node), s(node);
    p.hello();
    REQUIRE(p.join("slow", "ひとり")["type"] == "joined");
    p.send(json{{"type", "ask"}, {"room", "slow"}, {"id", "a1"}});
    CHECK(p.take_first("error")["code"] == "no_supporter");
    p.send(json{{"type", "ask"}, {"room", "open"}, {"id", "a2"}});
    CHECK(p.take_first("error")["code"] == "not_in_room");
    staff_hello(node, s, hikari);
    s.join("open", "x");
    s.send(json{{"type", "ask"}, {"room", "open"}, {"id", "a3"}});
    CHECK(s.take_first("error")["code"] == "forbidden");
    CHECK(list(node, "ask").empty());
}

TEMPLATE_TEST_CASE("a participant's private lines are rate-limited like room messages",
                   "[contract][private]", MemoryBackend, RedisBackend) {
    ChatNode node(test_rooms_json(), TestType::kind);
    StaffSpec s = hikari;
    s.rooms = {"limited-rate"};
    put_staff(*node.seams.store, s);
    node.settle();
    Client supporter(node), member(node);
    staff_hello(node, supporter, s);
    supporter.join("limited-rate", "x");
    member.hello();
    member.join("limited-rate", "たずね");
    member.send(json{{"type", "ask"}, {"room", "limited-rate"}, {"id", "a1"}});
    const std::string thread = member.take_first("ask_waiting")["ask"];
    supporter.send(json{{"type", "accept_ask"}, {"ask", thread}, {"id", "x1"}});
    REQUIRE_FALSE(member.take_first("private_open").is_null());
    int sent = 0, limited = 0;
    for (int i = 0; i < 4; ++i) {
        member.send(json{{"type", "private_say"},
                         {"thread", thread},
                         {"text", "ねえ"},
                         {"id", "m" + std::to_string(i)}});
        for (const auto& o : member.take()) {
            sent += o["type"] == "private_message";
            limited += o["type"] == "error" && o["code"] == "rate_limited";
        }
    }
    CHECK(sent == 2);  // the room's burst
    CHECK(limited == 2);
    // Staff are not limited.
    for (int i = 0; i < 4; ++i) {
        supporter.send(json{{"type", "private_say"},
                            {"thread", thread},
                            {"text", "はい"},
                            {"id", "s" + std::to_string(i)}});
    }
    CHECK(of_type(member.take(), "private_message").size() == 4);
}
