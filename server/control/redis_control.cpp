#include "server/control/redis_control.hpp"

#include "server/control/control_codec.hpp"
#include "server/metrics.hpp"

namespace ibasho {

RedisControl::RedisControl(redis::Node& node, const Clock& clock, std::string node_id,
                           ControlLimits limits)
    : node_(node),
      clock_(clock),
      node_id_(std::move(node_id)),
      channel_(node.prefix() + "control"),
      inbox_(std::make_shared<ControlInbox>(clock, limits)) {
    // One channel for every command and every node: commands are rare (moderation, a resumed
    // session) next to room traffic, and each node must see them all to find its targets. If
    // that ever changes, shard by target (room id / session address) into several channels.
    node_.route(
        channel_, [this](std::string_view, std::string_view payload) { on_message(payload); },
        [this](const std::string&) { listening_.store(true); });
    node_.on_state([this](bool up) {
        if (up) {
            node_.subscriber().subscribe(channel_);
        } else {
            // Commands published while we are away are lost to us; say so until re-subscribed.
            listening_.store(false);
        }
    });
}

RedisControl::~RedisControl() {
    inbox_->clear();
}

void RedisControl::on(std::string action, Handler handler) {
    inbox_->on(std::move(action), std::move(handler));
}

void RedisControl::on_message(std::string_view payload) {
    auto command = control_wire::decode(payload);
    if (!command) {
        metrics().count_control_drop(ControlDrop::malformed);
        return;
    }
    inbox_->receive(*command);
}

void RedisControl::send(ControlCommand command, Done done) {
    complete_command(command, node_id_, clock_.unix_ms());
    node_.post([this, payload = control_wire::encode(command), done = std::move(done)]() mutable {
        node_.commands().command(
            {"PUBLISH", channel_, payload}, [done = std::move(done)](const redisReply* r) {
                if (done) {
                    done(redis::is_error(r) ? Fault::unavailable : Fault::none);
                }
            });
    });
}

}  // namespace ibasho
