// The Control seam: node-to-node commands addressed to a session, a room member or a room
// (disconnect, remove, mute, live room state, ...). Every node receives every command, at most
// once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "server/broker/broker.hpp"  // Fault

namespace ibasho {

enum class TargetKind : std::uint8_t { session, member, room };

// Whom a command is for. Each node decides from this whether it holds the target.
struct ControlTarget {
    TargetKind kind = TargetKind::room;
    // kind == session: session_address(token), never the token itself.
    std::string session;
    // kind == member: the room and the per-room member id; kind == room: the room.
    std::string room;
    std::string member;

    static ControlTarget of_session(std::string address);
    static ControlTarget of_member(std::string room, std::string member);
    static ControlTarget of_room(std::string room);
    bool operator==(const ControlTarget&) const = default;
};

struct ControlCommand {
    // Random, for idempotency; send() fills it in when empty. Resending the same id is a no-op.
    std::string id;
    ControlTarget target;
    // What to do: "disconnect", "remove", "room_state", ... Free-form, so new actions (the
    // moderation work) need no change here; receivers ignore actions they have no handler for.
    std::string action;
    // A JSON object as text, e.g. {"code":4004,"except":"<holder>"} or {"state":"locked"}.
    // Carried verbatim; the handler parses it and must cope with anything.
    std::string args = "{}";
    // The sending node's id; send() fills it in when empty.
    std::string origin;
    // When it was sent (unix ms on the sender's clock); send() fills it in when 0. Receivers
    // drop commands older than their bound, so nothing is applied late after an outage.
    std::int64_t sent_ms = 0;
};

// The address of a session in control commands: SHA-256 of a domain tag and the token, 128
// bits in hex. The token is 128 random bits, so the address cannot be turned back into it, and
// the tag keeps it different from the session registry's Redis key.
std::string session_address(std::string_view token);

// A fresh random command id (96 bits, base64url).
std::string new_command_id();

// What send() fills in, for every implementation: an empty id, an empty origin (`node_id`)
// and a zero sent_ms (`now_ms`).
void complete_command(ControlCommand& command, const std::string& node_id, std::int64_t now_ms);

class Control {
  public:
    using Handler = std::function<void(const ControlCommand&)>;
    // Fault::none: handed to the transport (not: handled anywhere); Fault::unavailable: not sent.
    using Done = std::function<void(Fault)>;

    virtual ~Control() = default;

    // Runs `handler` for every command of `action` this instance receives, its own node's
    // included, once per command id. Registering an action twice is a wiring mistake and throws
    // std::logic_error (start-up only). Register before commands flow.
    //
    // Threads: the memory version calls handlers on the thread that called send(); the Redis
    // version on the node's Redis loop thread. Handlers of different commands may therefore run
    // concurrently (memory). A handler must be cheap, non-blocking and thread-safe: decide
    // whether this node holds the target and post the work to the shard that owns it. It may
    // call send(). It must not throw.
    virtual void on(std::string action, Handler handler) = 0;

    // Sends to every node (this one included). Fills in an empty id/origin and a zero sent_ms.
    // `done` (may be null) runs once, on any thread, never inside this call's frame for Redis.
    virtual void send(ControlCommand command, Done done) = 0;

    // This node's id (random per process; names no person), as stamped in `origin`.
    virtual const std::string& node_id() const = 0;
};

}  // namespace ibasho
