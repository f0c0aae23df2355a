#include "server/control/control_inbox.hpp"

#include <stdexcept>

#include "server/log.hpp"
#include "server/metrics.hpp"

namespace ibasho {

ControlInbox::ControlInbox(const Clock& clock, ControlLimits limits)
    : clock_(clock), limits_(limits) {}

void ControlInbox::on(std::string action, Control::Handler handler) {
    std::lock_guard lock(mutex_);
    if (handlers_.contains(action)) {
        throw std::logic_error("control: a handler for \"" + action + "\" is already registered");
    }
    handlers_.emplace(std::move(action), std::move(handler));
}

void ControlInbox::clear() {
    std::lock_guard lock(mutex_);
    handlers_.clear();
}

void ControlInbox::forget_expired(std::int64_t now_ms) {
    while (!expiry_.empty() && expiry_.begin()->first < now_ms) {
        seen_.erase(expiry_.begin()->second);
        expiry_.erase(expiry_.begin());
    }
}

bool ControlInbox::receive(const ControlCommand& command) {
    auto& m = metrics();
    Control::Handler handler;
    {
        std::lock_guard lock(mutex_);
        const std::int64_t now = clock_.unix_ms();
        const std::int64_t bound = limits_.max_age.count();
        forget_expired(now);
        if (command.sent_ms < now - bound || command.sent_ms > now + bound) {
            m.count_control_drop(ControlDrop::stale);
            return false;
        }
        if (seen_.contains(command.id)) {
            m.count_control_drop(ControlDrop::duplicate);
            return false;
        }
        if (seen_.size() >= limits_.max_remembered) {
            m.count_control_drop(ControlDrop::overload);
            return false;
        }
        seen_.insert(command.id);
        // From then on the age check alone refuses this command.
        expiry_.emplace(command.sent_ms + bound, command.id);
        auto it = handlers_.find(command.action);
        if (it == handlers_.end()) {
            m.count_control_drop(ControlDrop::unknown_action);
            return false;
        }
        handler = it->second;
    }
    // Outside the lock: a handler may send (the memory bus delivers re-entrantly).
    m.control_handled.add();
    // A handler is documented not to throw; if one does, it must not unwind through a hiredis
    // callback or an Asio handler.
    try {
        handler(command);
    } catch (...) {
        log::error("control_handler_failed");
    }
    return true;
}

std::size_t ControlInbox::remembered() const {
    std::lock_guard lock(mutex_);
    return seen_.size();
}

}  // namespace ibasho
