// The safety features across two real nodes on one real Redis (issue 12): a crisis line brings
// the writer's help card and the supporter's alert on the other node within a second, and a
// private word from the alert; with Redis down the writer's node still answers at once and the
// other node hears once Redis is back; the contact shield keeps hotline numbers and masks
// private ones across nodes; the counters count, and no message text reaches metrics or logs.
#include <catch2/catch.hpp>

#include <cstdio>
#include <functional>
#include <map>

#include "tests/integration/support/cluster_nodes.hpp"
#include "tests/integration/support/staff_seed.hpp"
#include "tests/integration/support/temp_dir.hpp"

#ifndef IBASHO_SOURCE_DIR
#error "IBASHO_SOURCE_DIR must name the source tree (for the shipped help directory)"
#endif

using namespace ibasho::itest;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;
using Ms = std::chrono::milliseconds;

namespace {

constexpr std::string_view crisis_line = "もう死にたい";
constexpr std::string_view hotline = "0120-279-338";  // よりそいホットライン, in the directory
constexpr std::string_view private_phone = "090-1234-5678";

// The web client's own folder: its help/directory.json is the directory every node ships with.
const std::string shipped_site = IBASHO_SOURCE_DIR "/client-web/public";

Json shipped_directory() {
    return Json::parse(read_text_file(shipped_site + "/help/directory.json"));
}

// Two nodes with the shipped help directory on one Redis, and `supporters` staff members of
// the open room with a token each.
struct Cluster {
    explicit Cluster(int supporters = 1) : prefix(fresh_prefix("sf")) {
        for (int i = 1; i <= supporters; ++i) {
            ibasho::test::StaffSpec spec;
            spec.id = "st_itsafe000000000" + std::to_string(i);
            spec.name = i == 1 ? "ひかり" : "そら";
            spec.rooms = {std::string(rooms::open)};
            tokens.push_back(seed_staff(redis, prefix, spec));
        }
        ServerOptions o;
        o.static_dir = shipped_site;
        n1 = redis_node(redis, prefix, o);
        n2 = redis_node(redis, prefix, o);
    }
    ControlledRedis redis;
    std::string prefix;
    std::vector<std::string> tokens;
    std::unique_ptr<ServerProcess> n1, n2;
};

// Everything one client received, each object with when the test read it off the socket.
struct Ears {
    struct Heard {
        Json object;
        SteadyClock::time_point at;
    };
    explicit Ears(WsClient& c) : client(c) {}

    void drain() {
        const auto now = SteadyClock::now();
        for (auto& o : client.take_objects()) {
            got.push_back({std::move(o), now});
        }
    }
    // The first object of `type` (for which `pred` holds, if given), or null.
    const Heard* find(std::string_view type, std::function<bool(const Json&)> pred = {}) const {
        for (const auto& h : got) {
            if (h.object.value("type", "") == type && (!pred || pred(h.object))) {
                return &h;
            }
        }
        return nullptr;
    }
    std::vector<Json> all(std::string_view type) const {
        std::vector<Json> out;
        for (const auto& h : got) {
            if (h.object.value("type", "") == type) {
                out.push_back(h.object);
            }
        }
        return out;
    }

    WsClient& client;
    std::vector<Heard> got;
};

// Runs every client's I/O until `done()` holds (false after `timeout`).
bool hear(const std::vector<Ears*>& ears, const std::function<bool()>& done, Ms timeout) {
    std::vector<WsClient*> clients;
    for (Ears* e : ears) {
        clients.push_back(&e->client);
    }
    return pump_all(
        clients,
        [&] {
            for (Ears* e : ears) {
                e->drain();
            }
            return done();
        },
        timeout);
}

long long ms_between(SteadyClock::time_point from, SteadyClock::time_point to) {
    return std::chrono::duration_cast<Ms>(to - from).count();
}

std::function<bool(const Json&)> with(const char* key, const Json& value) {
    return [key, value](const Json& o) { return o.contains(key) && o[key] == value; };
}

// Polls a node's /metrics until it says Redis is down (the node noticed the outage).
void wait_redis_down(const ServerProcess& node) {
    REQUIRE(node.wait_metric(
                "ibasho_redis_up", [](double v) { return v == 0; }, 5s) == 0);
}

}  // namespace

TEST_CASE("two nodes: a crisis line brings the card and the alert within 1 s, then a private word",
          "[cluster][safety]") {
    Cluster c;
    auto supporter = staff_client(*c.n2, c.tokens[0]);
    supporter->join(rooms::open, "ひかり");
    auto reader = client_of(*c.n2);
    reader->hello();
    reader->join(rooms::open, "よむ");
    auto writer = client_of(*c.n1);
    writer->hello();
    const std::string member = writer->join(rooms::open, "くも")["member"];

    Ears w(*writer), s(*supporter), r(*reader);
    const auto said = SteadyClock::now();
    writer->say(rooms::open, crisis_line, "c1");
    REQUIRE(hear(
        {&w, &s, &r}, [&] { return w.find("help_card") && s.find("alert") && r.find("message"); },
        5s));
    const auto card_ms = ms_between(said, w.find("help_card")->at);
    const auto alert_ms = ms_between(said, s.find("alert")->at);
    std::printf("safety_cluster: help_card after %lld ms (node 1), alert after %lld ms (node 2)\n",
                card_ms, alert_ms);
    CHECK(card_ms < 1000);
    CHECK(alert_ms < 1000);

    const Json card = w.find("help_card")->object;
    CHECK(card["room"] == rooms::open);
    CHECK(card["ref"] == "c1");
    CHECK(card["on_duty"] == true);
    // The lines are the shipped directory's, featured first, at most three.
    const Json directory = shipped_directory();
    REQUIRE(card["lines"].is_array());
    REQUIRE_FALSE(card["lines"].empty());
    CHECK(card["lines"].size() <= 3);
    CHECK(card["lines"][0]["id"] == "yorisoi");
    CHECK(card["lines"][0]["tel"] == hotline);
    for (const Json& line : card["lines"]) {
        bool listed = false;
        for (const Json& entry : directory["entries"]) {
            if (entry["id"] == line["id"]) {
                listed = true;
                CHECK(line["name"] == entry["name"]);
                CHECK(line.value("tel", "") == entry.value("tel", ""));
            }
        }
        CHECK(listed);
    }

    // The message itself is delivered as written, and the alert names its seq, not its text.
    const Json message = r.find("message")->object;
    CHECK(message["text"] == crisis_line);
    const Json alert = s.find("alert")->object;
    CHECK(alert["kind"] == "crisis");
    CHECK(alert["room"] == rooms::open);
    CHECK(alert["seq"] == message["seq"]);
    CHECK(alert["member"] == member);
    CHECK(alert["nick"] == "くも");
    CHECK(alert["escalated"] == false);
    CHECK_FALSE(alert.contains("text"));
    CHECK(alert.dump().find(crisis_line) == std::string::npos);

    supporter->send(Json{{"type", "reach_out"}, {"alert", alert["alert"]}, {"id", "s1"}});
    REQUIRE(hear(
        {&w, &s},
        [&] {
            return (s.find("done", with("ref", "s1")) || s.find("error")) &&
                   s.find("private_open") && w.find("private_open");
        },
        5s));
    REQUIRE_FALSE(s.find("error"));
    CHECK(s.find("done", with("ref", "s1"))->object["action"] == "reach_out");
    const Json theirs = w.find("private_open")->object;
    const Json ours = s.find("private_open")->object;
    CHECK(theirs["thread"] == ours["thread"]);
    CHECK(theirs["member"] == member);
    CHECK(theirs["staff"] == "ひかり");
}

TEST_CASE("Redis down: the writer's node answers at once, the other node once Redis is back",
          "[cluster][safety]") {
    Cluster c(2);
    auto near = staff_client(*c.n1, c.tokens[0]);
    near->join(rooms::open, "ひかり");
    auto far = staff_client(*c.n2, c.tokens[1]);
    far->join(rooms::open, "そら");
    auto writer = client_of(*c.n1);
    writer->hello();
    const std::string member = writer->join(rooms::open, "くも")["member"];

    c.redis.kill();
    wait_redis_down(*c.n1);
    wait_redis_down(*c.n2);

    Ears w(*writer), ns(*near), fs(*far);
    const auto said = SteadyClock::now();
    writer->say(rooms::open, crisis_line, "c1");
    REQUIRE(hear(
        {&w, &ns, &fs}, [&] { return w.find("help_card") && ns.find("alert"); }, 5s));
    const auto card_ms = ms_between(said, w.find("help_card")->at);
    const auto alert_ms = ms_between(said, ns.find("alert")->at);
    std::printf("safety_cluster: Redis down: help_card after %lld ms, node-1 alert after %lld ms\n",
                card_ms, alert_ms);
    CHECK(card_ms < 1000);
    CHECK(alert_ms < 1000);
    // Node 1 knows its own supporter is seated; the message could not be delivered.
    CHECK(w.find("help_card")->object["on_duty"] == true);
    CHECK(w.find("error", with("code", "service_degraded")));
    const Json alert = ns.find("alert")->object;
    CHECK(alert["kind"] == "crisis");
    CHECK(alert["seq"].is_null());
    CHECK(alert["member"] == member);

    // The other node cannot hear while Redis is away; the alert waits on node 1.
    CHECK(c.n1->wait_metric(
              "ibasho_alerts_queued", [](double v) { return v >= 1; }, 3s) >= 1);
    CHECK_FALSE(hear(
        {&w, &ns, &fs}, [&] { return fs.find("alert") != nullptr; }, 1500ms));

    const auto restarted = SteadyClock::now();
    c.redis.start();
    REQUIRE(hear(
        {&w, &ns, &fs}, [&] { return fs.find("alert") != nullptr; }, 10s));
    const auto late_ms = ms_between(restarted, fs.find("alert")->at);
    std::printf("safety_cluster: node-2 alert %lld ms after Redis was started again\n", late_ms);
    CHECK(late_ms < 10000);
    const Json late = fs.find("alert")->object;
    CHECK(late["alert"] == alert["alert"]);
    CHECK(late["kind"] == "crisis");
    CHECK(late["seq"].is_null());
    CHECK(late["member"] == member);
    CHECK(ns.all("alert").size() == 1);  // node 1's supporter is not told twice

    CHECK(c.n1->wait_metric("ibasho_alerts_sent_late_total", [](double v) { return v >= 1; }) >= 1);
    CHECK(c.n1->wait_metric("ibasho_alerts_queued", [](double v) { return v == 0; }) == 0);
}

TEST_CASE("two nodes: a help-line number passes the shield, a private one is masked",
          "[cluster][safety]") {
    Cluster c;
    auto writer = client_of(*c.n1);
    writer->hello();
    writer->join(rooms::open, "くも");
    auto reader = client_of(*c.n2);
    reader->hello();
    reader->join(rooms::open, "よむ");
    Ears w(*writer), r(*reader);

    const std::string helpful = "よりそいホットライン " + std::string(hotline) + " にかけてみて";
    writer->say(rooms::open, helpful, "h1");
    REQUIRE(hear(
        {&w, &r}, [&] { return r.find("message") && w.find("message", with("text", helpful)); },
        5s));
    CHECK(r.find("message")->object["text"] == helpful);
    CHECK_FALSE(r.find("message")->object.contains("shielded"));
    CHECK_FALSE(w.find("notice", with("kind", "contact_masked")));

    const std::string personal = "ここに電話して " + std::string(private_phone);
    writer->say(rooms::open, personal, "p1");
    REQUIRE(hear(
        {&w, &r},
        [&] {
            return r.all("message").size() == 2 && w.all("message").size() == 2 &&
                   w.find("notice", with("kind", "contact_masked"));
        },
        5s));
    const Json masked = r.all("message")[1];
    const std::string text = masked["text"];
    CHECK(text.find("ここに電話して") != std::string::npos);
    CHECK(text.find(private_phone) == std::string::npos);
    CHECK(text.find("1234") == std::string::npos);
    CHECK(text.find("5678") == std::string::npos);
    CHECK(masked["shielded"] == true);
    const Json notice = w.find("notice", with("kind", "contact_masked"))->object;
    CHECK(notice["ref"] == "p1");
    CHECK(notice["room"] == rooms::open);
    CHECK(w.all("notice").size() == 1);
    CHECK(r.all("notice").empty());
}

TEST_CASE("the safety counters count on the writer's node, and no text is in metrics or logs",
          "[cluster][safety][privacy]") {
    Cluster c;
    auto supporter = staff_client(*c.n2, c.tokens[0]);
    supporter->join(rooms::open, "ひかり");
    auto writer = client_of(*c.n1);
    writer->hello();
    writer->join(rooms::open, "くも");
    Ears w(*writer), s(*supporter);

    // Twice the crisis line (one alert: the ten-minute window), then a private number.
    writer->say(rooms::open, crisis_line, "c1");
    REQUIRE(hear(
        {&w, &s}, [&] { return w.find("help_card") && s.find("alert"); }, 5s));
    writer->say(rooms::open, crisis_line, "c2");
    const std::string personal = "ここに電話して " + std::string(private_phone);
    writer->say(rooms::open, personal, "p1");
    REQUIRE(hear(
        {&w, &s},
        [&] {
            return w.all("help_card").size() == 2 && s.all("message").size() == 3 &&
                   w.find("notice", with("kind", "contact_masked"));
        },
        5s));

    const auto is = [](double want) { return [want](double v) { return v == want; }; };
    CHECK(c.n1->wait_metric("ibasho_crisis_detected_total", is(2)) == 2);
    CHECK(c.n1->wait_metric("ibasho_alerts_raised_total", is(1)) == 1);
    CHECK(c.n1->wait_metric("ibasho_alerts_suppressed_total", is(1)) == 1);
    CHECK(c.n1->wait_metric("ibasho_contact_masked_total", is(1)) == 1);
    // Node 2 only delivered: nothing was detected or raised there.
    CHECK(c.n2->metric("ibasho_crisis_detected_total") == 0);
    CHECK(c.n2->metric("ibasho_alerts_raised_total") == 0);
    CHECK(c.n2->metric("ibasho_contact_masked_total") == 0);
    CHECK(s.all("alert").size() == 1);

    for (const ServerProcess* node : {c.n1.get(), c.n2.get()}) {
        const std::string metrics = node->metrics_text();
        CHECK(metrics.find("ibasho_crisis_detected_total") != std::string::npos);
        CHECK(metrics.find(crisis_line) == std::string::npos);
        CHECK(metrics.find("死にたい") == std::string::npos);
        CHECK(metrics.find(private_phone) == std::string::npos);
        const std::string log = node->log_text();
        CHECK_FALSE(log.empty());
        CHECK(log.find("死にたい") == std::string::npos);
        CHECK(log.find(private_phone) == std::string::npos);
        CHECK(log.find("ここに電話して") == std::string::npos);
    }
}
