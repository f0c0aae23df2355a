#include "moderation/flood_watch.hpp"

namespace ibasho::moderation {

bool FloodWatch::refused(std::chrono::steady_clock::time_point now) {
    while (!recent_.empty() && now - recent_.front() >= window) {
        recent_.pop_front();
    }
    recent_.push_back(now);
    if (recent_.size() < refusals) {
        return false;
    }
    recent_.clear();
    return true;
}

}  // namespace ibasho::moderation
