// A task run every interval on one io_context until stopped or destroyed (sweeps of the
// Store and of in-memory books). Keeps Asio out of the header.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace ibasho {

class Periodic {
  public:
    // `tick` runs on `io`'s thread, first after one `every`. It must not throw.
    Periodic(boost::asio::io_context& io, std::chrono::milliseconds every,
             std::function<void()> tick);
    ~Periodic();
    Periodic(const Periodic&) = delete;
    Periodic& operator=(const Periodic&) = delete;
    // Ends the loop at its next turn; safe from any thread, and more than once.
    void stop();

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace ibasho
