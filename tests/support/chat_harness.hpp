// A chat node without sockets: memory seams, one shard run by hand, and fake connections that
// record what the server would have sent. Used by the chat-core unit tests.
#pragma once

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "server/broker/memory_broker.hpp"
#include "server/broker/redis_broker.hpp"
#include "server/chat/chat_service.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/redis_session_registry.hpp"
#include "server/control/memory_control.hpp"
#include "server/control/redis_control.hpp"
#include "server/presence/memory_presence.hpp"
#include "server/presence/redis_presence.hpp"
#include "server/redis/redis_node.hpp"
#include "server/shards.hpp"
#include "server/store/memory_store.hpp"
#include "server/store/redis_store.hpp"
#include "staff_fixture.hpp"

namespace ibasho::test {

class FakeConnection final : public Connection {
  public:
    explicit FakeConnection(Shard& shard) : shard_(shard) {}
    SendResult send(SharedFrame frame) override {
        if (closed_code)
            return SendResult::dropped;
        sent.push_back(frame);
        return SendResult::success;
    }
    void close(std::uint16_t code, std::string_view) override {
        if (!closed_code)
            closed_code = code;
    }
    Shard& shard() override { return shard_; }
    std::string_view address_hash() const override { return hash; }

    std::vector<SharedFrame> sent;
    std::string hash;  // what address_hash() answers (a test's stand-in for a peer address)
    std::uint16_t closed_code = 0;

  private:
    Shard& shard_;
};

struct ChatNode;

// One client: a fake connection plus the ClientSession under test.
class Client {
  public:
    Client(ChatNode& node);
    ~Client();
    void send(const std::string& frame);
    void send(const nlohmann::json& frame) { send(frame.dump()); }
    // Hands the frame to the session without running the loop, so that several clients'
    // requests are in flight together (races); settle the node afterwards.
    void send_only(const nlohmann::json& frame);
    // A ping (or pong) reaching the session, as the WebSocket layer reports it; false once
    // the session has closed the connection for it.
    bool control_frame();
    // Every object received since the last call (frames split on '\n').
    std::vector<nlohmann::json> take();
    // The first object of `type` among those received since the last take, or null.
    nlohmann::json take_first(const std::string& type);
    void disconnect();
    bool connected() const { return session_ != nullptr; }
    std::uint16_t closed_code() const { return conn_->closed_code; }
    // What this client's connection gives as its address hash (set before hello).
    void set_address_hash(std::string hash) { conn_->hash = std::move(hash); }

    // Shorthands for the common steps.
    std::string hello(const std::string& resume = {});
    nlohmann::json join(const std::string& room, const std::string& nick,
                        nlohmann::json extra = nlohmann::json::object());

  private:
    ChatNode& node_;
    std::unique_ptr<FakeConnection> conn_;
    std::unique_ptr<chat::ClientSession> session_;
    std::size_t read_ = 0;
};

enum class Backend { memory, redis };

// The seams of one backend, built on the node's single shard loop. Memory nodes that pass one
// `bus` share their control traffic (as Redis nodes do that share a prefix).
struct Seams {
    Seams(Backend kind, Shards& shards, const Clock& clock, std::string prefix = {},
          std::shared_ptr<MemoryControlBus> bus = nullptr);
    ~Seams();
    Backend kind;
    std::unique_ptr<redis::Node> node;
    std::unique_ptr<Broker> broker;
    std::unique_ptr<Presence> presence;
    std::unique_ptr<chat::SessionRegistry> sessions;
    std::unique_ptr<Control> control;
    std::unique_ptr<Store> store;
};

// Test types for TEMPLATE_TEST_CASE: the same cases against each backend.
struct MemoryBackend {
    static constexpr Backend kind = Backend::memory;
};
struct RedisBackend {
    static constexpr Backend kind = Backend::redis;
};

// Runs the loop until nothing is left to do: with Redis, until no command awaits its reply
// and no handler has run for a while (pub/sub messages included).
void settle(Shards& shards, redis::Node* node);

struct ChatNode {
    explicit ChatNode(const std::string& rooms_json, Backend kind = Backend::memory);
    ~ChatNode();
    // Runs every posted handler, and waits for Redis replies, until nothing is left.
    void settle();

    Config config;
    ManualClock clock;
    Shards shards{1};
    chat::RoomCatalog catalog;
    Seams seams;
    Broker& broker;
    Presence& presence;
    chat::SessionRegistry& sessions;
    chat::RoomHub hub;
    chat::ActiveSessions active;
    staff::StaffAuth staff_auth;
    chat::LocalSessions local;
    ReasonList reasons;
    BlockedWordList blocked_words;
    HelpLines help;
    chat::AlertDesk alerts;
    chat::ChatService service;
};

// A rooms file with: "open" (rate limit off), "women" (limited), "pair" (capacity 2),
// "locked", "paused", "slow" (slow mode 10 s), "limited-rate" (1/s, burst 2), "short" (history 3).
std::string test_rooms_json();

// The objects of `type` among `all`, in order.
std::vector<nlohmann::json> of_type(const std::vector<nlohmann::json>& all,
                                    const std::string& type);

// Signs `c` in as the staff member `spec` (a fresh token in the node's Store) and returns the
// welcome; throws when the welcome does not carry spec's role.
nlohmann::json staff_hello(ChatNode& node, Client& c, const StaffSpec& spec);

}  // namespace ibasho::test
