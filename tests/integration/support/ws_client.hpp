// A WebSocket test client, plain or TLS, that splits server frames on '\n' into JSON objects.
// It does I/O only inside its own calls: a client nobody calls is one that does not read.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace ibasho::itest {

using Json = nlohmann::json;
using namespace std::chrono_literals;

struct WsOptions {
    std::uint16_t port = 0;
    bool tls = false;
    // Origin header. Unset: the server's own origin, http(s)://127.0.0.1:PORT. "": none sent.
    std::optional<std::string> origin;
    std::string target = "/ws";
    int receive_buffer = 0;  // SO_RCVBUF (and a 1400-byte MSS) before connecting; 0 = defaults
    std::chrono::milliseconds timeout = 5s;  // for connecting and the upgrade
    std::string user_agent = "ibasho-itest";
    // The loopback address the client connects from (any 127.x.y.z); empty: the system's pick.
    std::string local_address;
};

// What became of an upgrade attempt: 101 on success, else the HTTP status (0 when the
// connection itself failed, with `error` saying why).
struct UpgradeOutcome {
    int status = 0;
    std::string error;
};

class WsClient {
  public:
    // Connects and upgrades; throws std::runtime_error unless the server answers 101.
    explicit WsClient(const WsOptions& options);
    ~WsClient();
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    // Tries an upgrade and reports how the server answered, then disconnects.
    static UpgradeOutcome try_upgrade(const WsOptions& options);

    // Sends one text message and waits until it is written (reading meanwhile).
    void send_text(std::string_view text, std::chrono::milliseconds timeout = 5s);
    void send(const Json& object, std::chrono::milliseconds timeout = 5s) {
        send_text(object.dump(), timeout);
    }
    // Queues a text message without waiting; it leaves when the client is next pumped.
    void queue_text(std::string text);
    std::size_t writes_pending() const;

    // Runs whatever I/O is ready without blocking (reads arriving frames, finishes writes);
    // returns how many handlers ran.
    std::size_t poll();
    // Runs I/O for `duration`, collecting what arrives (keeps the connection answering pings).
    void pump(std::chrono::milliseconds duration);

    // Waits until at least one object is queued (or the connection ends, or the timeout
    // passes) and returns every queued object.
    std::vector<Json> read_objects(std::chrono::milliseconds timeout);
    // The next object in arrival order, or nullopt after the timeout / when closed.
    std::optional<Json> next_object(std::chrono::milliseconds timeout = 5s);
    // The first object of `type`; earlier objects are dropped. Throws on timeout or closure,
    // listing what did arrive.
    Json read_until(std::string_view type, std::chrono::milliseconds timeout = 5s);
    // Every object queued so far, without waiting.
    std::vector<Json> take_objects();
    std::size_t queued_objects() const;

    // Pumps until the server ends the connection; false on timeout.
    bool wait_closed(std::chrono::milliseconds timeout);
    bool closed() const;
    // The code of the close frame the server sent, if one arrived.
    std::optional<std::uint16_t> close_code() const;
    // How the connection ended when it was not a close frame ("End of file", reset, ...).
    std::string end_error() const;
    // Closes from our side with 1000 and waits briefly for the server's reply.
    void close();

    // {"type":"hello","v":1} -> the welcome object.
    Json hello();
    // {"type":"join",...} -> the joined object (throws if an error arrives instead).
    Json join(std::string_view room, std::string_view nick, Json extra = Json::object());
    // {"type":"say",...}; the message comes back through the room.
    void say(std::string_view room, std::string_view text, std::string_view id);

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// Runs every client's ready I/O in turn until `done()` holds or the timeout passes.
template <class Pred>
bool pump_all(const std::vector<WsClient*>& clients, Pred done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::size_t ran = 0;
        for (WsClient* c : clients) {
            ran += c->poll();
        }
        if (ran == 0) {
            std::this_thread::sleep_for(1ms);
        }
    }
    return true;
}

}  // namespace ibasho::itest
