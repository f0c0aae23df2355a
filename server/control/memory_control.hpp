// The in-process Control: instances that share one MemoryControlBus model several nodes (unit
// tests, `--store memory`); send() hands the command to every instance on the caller's thread.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "server/control/control.hpp"
#include "server/control/control_inbox.hpp"

namespace ibasho {

// What several MemoryControl instances share. Thread-safe.
class MemoryControlBus {
  public:
    void attach(const std::shared_ptr<ControlInbox>& inbox);
    void detach(const ControlInbox* inbox);
    // Hands `command` to every attached inbox, outside the bus lock.
    void deliver(const ControlCommand& command);

  private:
    std::mutex mutex_;
    std::vector<std::weak_ptr<ControlInbox>> inboxes_;
};

class MemoryControl final : public Control {
  public:
    // Each instance has its own clock, so a test can give two "nodes" different times.
    MemoryControl(std::shared_ptr<MemoryControlBus> bus, const Clock& clock, std::string node_id,
                  ControlLimits limits = {});
    ~MemoryControl() override;

    void on(std::string action, Handler handler) override;
    // Handlers run inside this call, on this thread; `done(Fault::none)` runs after them.
    void send(ControlCommand command, Done done) override;
    const std::string& node_id() const override { return node_id_; }

    const ControlInbox& inbox() const { return *inbox_; }

  private:
    std::shared_ptr<MemoryControlBus> bus_;
    const Clock& clock_;
    std::string node_id_;
    std::shared_ptr<ControlInbox> inbox_;
};

}  // namespace ibasho
