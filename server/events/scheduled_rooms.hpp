// The room scheduler as the App runs it: the scheduler ticking once a second on one loop, and
// the window source it reads (the test-only windows file, or one the caller hands over).
#pragma once

#include <memory>

#include "server/events/room_scheduler.hpp"

namespace boost::asio {
class io_context;
}

namespace ibasho {
class Periodic;
struct Config;
}  // namespace ibasho

namespace ibasho::events {

class ScheduledRooms {
  public:
    // `deps.windows` must outlive this object. Ticks on `io` as soon as it runs, then every
    // second; destroy it only once `io` has stopped running.
    ScheduledRooms(boost::asio::io_context& io, SchedulerDeps deps,
                   std::chrono::milliseconds warning);
    ~ScheduledRooms();
    // Any thread, more than once.
    void stop();

  private:
    RoomScheduler scheduler_;
    std::unique_ptr<Periodic> periodic_;
};

// The windows the App's scheduler reads before the event book is wired in: the test-only
// --schedule-windows file when given, else none (every scheduled room stays closed). Throws
// ConfigError for a bad file.
std::unique_ptr<WindowSource> configured_windows(const Config& config);

}  // namespace ibasho::events
