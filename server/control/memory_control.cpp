#include "server/control/memory_control.hpp"

#include <algorithm>

namespace ibasho {

void MemoryControlBus::attach(const std::shared_ptr<ControlInbox>& inbox) {
    std::lock_guard lock(mutex_);
    inboxes_.push_back(inbox);
}

void MemoryControlBus::detach(const ControlInbox* inbox) {
    std::lock_guard lock(mutex_);
    std::erase_if(inboxes_, [inbox](const std::weak_ptr<ControlInbox>& w) {
        auto p = w.lock();
        return !p || p.get() == inbox;
    });
}

void MemoryControlBus::deliver(const ControlCommand& command) {
    // Copied under the lock and delivered outside it, so a handler may send again, and an
    // instance destroyed meanwhile keeps its inbox alive until this delivery is done.
    std::vector<std::shared_ptr<ControlInbox>> targets;
    {
        std::lock_guard lock(mutex_);
        targets.reserve(inboxes_.size());
        for (const auto& w : inboxes_) {
            if (auto p = w.lock()) {
                targets.push_back(std::move(p));
            }
        }
    }
    for (const auto& inbox : targets) {
        inbox->receive(command);
    }
}

MemoryControl::MemoryControl(std::shared_ptr<MemoryControlBus> bus, const Clock& clock,
                             std::string node_id, ControlLimits limits)
    : bus_(std::move(bus)),
      clock_(clock),
      node_id_(std::move(node_id)),
      inbox_(std::make_shared<ControlInbox>(clock, limits)) {
    bus_->attach(inbox_);
}

MemoryControl::~MemoryControl() {
    bus_->detach(inbox_.get());
    inbox_->clear();
}

void MemoryControl::on(std::string action, Handler handler) {
    inbox_->on(std::move(action), std::move(handler));
}

void MemoryControl::send(ControlCommand command, Done done) {
    complete_command(command, node_id_, clock_.unix_ms());
    bus_->deliver(command);
    if (done) {
        done(Fault::none);
    }
}

}  // namespace ibasho
