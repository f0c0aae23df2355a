#include "chat_harness.hpp"

#include <sstream>
#include <stdexcept>

#include "redis_test_server.hpp"
#include "server/chat/control_handlers.hpp"
#include "server/chat/crisis_alerts.hpp"
#include "server/chat/presence_notifier.hpp"
#include "server/chat/room_controls.hpp"
#include "server/chat/sanction_control.hpp"
#include "server/chat/staff_notify.hpp"
#include "server/random_token.hpp"

namespace ibasho::test {

std::string test_rooms_json() {
    return R"({
      "defaults": {"capacity": 50, "rate_limit": "off"},
      "rooms": [
        {"id": "open", "name": {"ja": "ひろば", "en": "Square"}, "audience": ["open"]},
        {"id": "women", "name": {"ja": "女性", "en": "Women"}, "audience": ["women"],
         "presence": "counts"},
        {"id": "pair", "name": {"ja": "ふたり", "en": "Pair"}, "audience": ["open"], "capacity": 2},
        {"id": "locked", "name": {"ja": "鍵", "en": "Locked"}, "audience": ["open"], "state": "locked"},
        {"id": "closed", "name": {"ja": "閉", "en": "Closed"}, "audience": ["open"], "state": "closed"},
        {"id": "paused", "name": {"ja": "休", "en": "Paused"}, "audience": ["open"], "state": "paused"},
        {"id": "slow", "name": {"ja": "ゆっくり", "en": "Slow"}, "audience": ["open"], "slow_mode_s": 10},
        {"id": "limited-rate", "name": {"ja": "制限", "en": "Rate"}, "audience": ["open"],
         "rate_limit": {"per_second": 1, "burst": 2}},
        {"id": "short", "name": {"ja": "短い", "en": "Short"}, "audience": ["open"],
         "history_length": 3, "history_age_s": 60}
      ]})";
}

Seams::Seams(Backend k, Shards& shards, const Clock& clock, std::string prefix,
             std::shared_ptr<MemoryControlBus> bus)
    : kind(k) {
    if (kind == Backend::memory) {
        broker = std::make_unique<MemoryBroker>(clock);
        presence = std::make_unique<MemoryPresence>();
        sessions = std::make_unique<chat::MemorySessionRegistry>(clock, std::chrono::minutes(30));
        control = std::make_unique<MemoryControl>(
            bus ? std::move(bus) : std::make_shared<MemoryControlBus>(), clock,
            random_base64url(8));
        store = std::make_unique<MemoryStore>(clock);
        return;
    }
    node = std::make_unique<redis::Node>(shards.at(0).io(), test_redis(),
                                         prefix.empty() ? unique_prefix() : prefix);
    broker = std::make_unique<RedisBroker>(*node, clock);
    presence = std::make_unique<RedisPresence>(*node, clock, RedisPresence::Options{});
    sessions = std::make_unique<chat::RedisSessionRegistry>(*node, std::chrono::minutes(30));
    auto redis_control = std::make_unique<RedisControl>(*node, clock, random_base64url(8));
    auto* listening = redis_control.get();
    control = std::move(redis_control);
    store = std::make_unique<RedisStore>(*node);
    node->start();
    for (int i = 0; i < 400 && !(node->up() && listening->listening()); ++i) {
        test::settle(shards, node.get());
    }
    if (!node->up() || !listening->listening()) {
        throw std::runtime_error("the test Redis did not answer");
    }
    test::settle(shards, node.get());
}

Seams::~Seams() {
    if (node) {
        node->commands().stop();
        node->subscriber().stop();
    }
}

void settle(Shards& shards, redis::Node* node) {
    auto& io = shards.at(0).io();
    io.restart();
    if (node == nullptr) {
        io.poll();
        return;
    }
    // Quiet for 5 slices in a row with nothing in flight; at most ~10 s on a loaded machine.
    int idle = 0;
    for (int i = 0; i < 3000 && idle < 5; ++i) {
        const auto ran = io.run_for(std::chrono::milliseconds(3));
        io.restart();
        const bool busy = ran > 0 || node->commands().in_flight() > 0;
        idle = busy ? 0 : idle + 1;
    }
}

ChatNode::ChatNode(const std::string& rooms_json, Backend kind)
    : catalog(chat::parse_rooms(rooms_json)),
      seams(kind, shards, clock),
      broker(*seams.broker),
      presence(*seams.presence),
      sessions(*seams.sessions),
      hub(
          shards, [this](const std::string& room) { broker.subscribe(room); },
          [this](const std::string& room) { broker.unsubscribe(room); }),
      staff_auth(*seams.store, clock),
      service{config,  clock,         catalog,        broker,       presence,   sessions,
              hub,     active,        *seams.control, *seams.store, staff_auth, local,
              reasons, blocked_words, help,           alerts} {
    chat::register_control_handlers(*seams.control, active, catalog, hub);
    reasons.follow(*seams.store);
    blocked_words.follow(*seams.store);
    help.follow(*seams.store);
    chat::register_alert_control(*seams.control, local, alerts);
    chat::register_reports_control(*seams.control, local, *seams.store);
    chat::register_room_controls(service);
    chat::load_live_settings(service);
    chat::register_sanction_control(*seams.control, local);
    broker.set_sink(
        [this](const std::string& room, const RoomEvent& ev) { hub.deliver(room, ev); });
    chat::connect_presence_notifications(presence, catalog, hub);
}

ChatNode::~ChatNode() {
    settle();
}

void ChatNode::settle() {
    test::settle(shards, seams.node.get());
}

Client::Client(ChatNode& node)
    : node_(node),
      conn_(std::make_unique<FakeConnection>(node.shards.at(0))),
      session_(std::make_unique<chat::ClientSession>(node.service, *conn_)) {}

Client::~Client() {
    disconnect();
}

void Client::send(const std::string& frame) {
    if (session_) {
        session_->on_text(frame);
    }
    node_.settle();
}

bool Client::control_frame() {
    const bool open = session_ && session_->on_control_frame();
    node_.settle();
    return open;
}

void Client::send_only(const nlohmann::json& frame) {
    if (session_) {
        session_->on_text(frame.dump());
    }
}

std::vector<nlohmann::json> Client::take() {
    node_.settle();
    std::vector<nlohmann::json> out;
    for (; read_ < conn_->sent.size(); ++read_) {
        std::istringstream lines(*conn_->sent[read_]);
        std::string line;
        while (std::getline(lines, line)) {
            out.push_back(nlohmann::json::parse(line));
        }
    }
    return out;
}

nlohmann::json Client::take_first(const std::string& type) {
    for (auto& j : take()) {
        if (j["type"] == type) {
            return j;
        }
    }
    return nullptr;
}

void Client::disconnect() {
    if (session_) {
        session_->on_closed();
        session_.reset();
        node_.settle();
    }
}

std::string Client::hello(const std::string& resume) {
    nlohmann::json h{{"type", "hello"}, {"v", 1}};
    if (!resume.empty()) {
        h["resume"] = resume;
    }
    send(h);
    auto w = take_first("welcome");
    return w.is_null() ? std::string() : w["session"].get<std::string>();
}

nlohmann::json Client::join(const std::string& room, const std::string& nick,
                            nlohmann::json extra) {
    nlohmann::json j{{"type", "join"}, {"room", room}, {"nick", nick}};
    for (auto& [k, v] : extra.items()) {
        j[k] = v;
    }
    send(j);
    auto all = take();
    for (auto& o : all) {
        if (o["type"] == "joined" || o["type"] == "error") {
            return o;
        }
    }
    return nullptr;
}

std::vector<nlohmann::json> of_type(const std::vector<nlohmann::json>& all,
                                    const std::string& type) {
    std::vector<nlohmann::json> out;
    for (const auto& o : all) {
        if (o.is_object() && o.value("type", "") == type) {
            out.push_back(o);
        }
    }
    return out;
}

nlohmann::json staff_hello(ChatNode& node, Client& c, const StaffSpec& spec) {
    const std::string token = put_staff_token(*node.seams.store, spec.id, node.clock.unix_ms());
    node.settle();
    c.send(nlohmann::json{{"type", "hello"}, {"v", 1}, {"staff", token}});
    nlohmann::json welcome = c.take_first("welcome");
    if (!welcome.is_object() || welcome.value("role", "") != spec.role) {
        throw std::runtime_error("staff_hello: no welcome as " + spec.role + ": " + welcome.dump());
    }
    return welcome;
}

}  // namespace ibasho::test
