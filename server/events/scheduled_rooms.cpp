#include "server/events/scheduled_rooms.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "server/config.hpp"
#include "server/events/static_windows.hpp"
#include "server/periodic.hpp"

namespace ibasho::events {

ScheduledRooms::ScheduledRooms(boost::asio::io_context& io, SchedulerDeps deps,
                               std::chrono::milliseconds warning)
    : scheduler_(deps, warning),
      periodic_(
          std::make_unique<Periodic>(io, std::chrono::seconds(1), [this] { scheduler_.tick(); })) {
    // The first tick as soon as the loop runs, so a scheduled room's countdown and opening
    // time are known before the first join rather than a second later.
    boost::asio::post(io, [this] { scheduler_.tick(); });
}

ScheduledRooms::~ScheduledRooms() = default;

void ScheduledRooms::stop() {
    periodic_->stop();
}

std::unique_ptr<WindowSource> configured_windows(const Config& config) {
    if (config.schedule_windows_file.empty()) {
        return std::make_unique<StaticWindows>();
    }
    return std::make_unique<StaticWindows>(load_windows_file(config.schedule_windows_file));
}

}  // namespace ibasho::events
