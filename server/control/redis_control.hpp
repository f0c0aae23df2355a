// Control over Redis pub/sub: every node PUBLISHes commands on one channel under the node's
// prefix and SUBSCRIBEs to it; received commands run their handlers on the Redis loop thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "server/control/control.hpp"
#include "server/control/control_inbox.hpp"
#include "server/redis/redis_node.hpp"

namespace ibasho {

class RedisControl final : public Control {
  public:
    // Registers its route and subscription on `node`: construct before node.start().
    RedisControl(redis::Node& node, const Clock& clock, std::string node_id,
                 ControlLimits limits = {});
    ~RedisControl() override;

    void on(std::string action, Handler handler) override;
    // One PUBLISH on the command connection; `done` runs on the Redis loop thread.
    void send(ControlCommand command, Done done) override;
    const std::string& node_id() const override { return node_id_; }

    // The one channel all control traffic uses.
    const std::string& channel() const { return channel_; }
    // The subscription is confirmed: from now on this node receives every command (thread-safe).
    bool listening() const { return listening_.load(); }
    const ControlInbox& inbox() const { return *inbox_; }

  private:
    void on_message(std::string_view payload);

    redis::Node& node_;
    const Clock& clock_;
    std::string node_id_;
    std::string channel_;
    std::shared_ptr<ControlInbox> inbox_;
    std::atomic<bool> listening_{false};
};

}  // namespace ibasho
