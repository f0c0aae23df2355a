// A WindowSource from a fixed list: the test-only --schedule-windows file, and tests. The
// events themselves (the Store's `event` records) come through helper B1's EventBook.
#pragma once

#include <string>
#include <vector>

#include "server/events/event.hpp"

namespace ibasho::events {

class StaticWindows final : public WindowSource {
  public:
    StaticWindows() = default;
    explicit StaticWindows(std::vector<RoomWindow> windows) : windows_(std::move(windows)) {}
    std::vector<RoomWindow> windows_between(std::int64_t from_ms,
                                            std::int64_t to_ms) const override;

  private:
    std::vector<RoomWindow> windows_;
};

// {"windows":[{"room":"r","event":"ev_...","side":"","pair_room":"","opens_ms":N,
// "starts_ms":N,"ends_ms":N,"capacity":0,"supporters":["st_..."]}]}. Throws ConfigError
// naming the field ("schedule-windows[1].ends_ms") for anything malformed.
std::vector<RoomWindow> parse_windows(const std::string& json_text);
std::vector<RoomWindow> load_windows_file(const std::string& path);

}  // namespace ibasho::events
