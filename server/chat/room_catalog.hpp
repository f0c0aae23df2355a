// The rooms this deployment offers, read from a JSON rooms file and swapped whole on reload.
// Readers get an immutable snapshot, so a SIGHUP never changes a room under a running handler.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "moderation/room_state.hpp"
#include "protocol/server_messages.hpp"
#include "server/chat/room_live.hpp"
#include "server/events/room_schedule.hpp"

namespace ibasho::chat {

using RoomState = moderation::RoomState;
using moderation::to_string;

enum class PresenceMode { names, counts };

struct RoomConfig {
    std::string id;
    // The organisation that runs the room ("main" when a rooms file names none).
    std::string org = "main";
    protocol::LocalizedText name;
    protocol::LocalizedText description;
    protocol::LocalizedText rules;
    std::vector<std::string> audience;  // "open", "age_u20", ..., "women", "lgbtq", "family"
    std::uint32_t capacity = 50;
    RoomState state = RoomState::open;
    std::uint32_t history_length = 200;
    std::chrono::seconds history_age{3600};
    std::chrono::seconds slow_mode{0};
    // Set only live, by room controls (server/chat/room_live.*): never read from the file.
    bool shield = false;           // new joiners wait to be admitted; slow mode is at least 30 s
    std::string pin;               // empty: nothing pinned
    double rate_per_second = 1.0;  // <= 0: no per-session rate limit (benchmark rooms)
    double rate_burst = 5.0;
    PresenceMode presence = PresenceMode::names;
    bool typing = false;
    // Participants write only while a staff member is in the room (else `no_supporter`).
    bool supporter_present = false;
    // Open only during its events' windows (server/events/), closed the rest of the time.
    bool scheduled = false;
    // Set only by the room scheduler (server/events/room_scheduler.*), never from the file.
    events::RoomSchedule schedule;

    // A room limited to an audience asks each member to affirm it is for them.
    bool limited() const;
    // What applies now: a scheduled room is closed outside its windows (whatever the file or
    // staff say, which apply within them) and takes its event's capacity, when set, in one.
    RoomState effective_state() const;
    std::uint32_t effective_capacity() const;
    // During a window, the event's supporters are staff of the room (as if assigned to it).
    bool event_supporter(std::string_view staff_id) const;
};

struct RoomSet {
    RoomSet() = default;
    // The index points into `rooms`: a copy would point into the original.
    RoomSet(const RoomSet&) = delete;
    RoomSet& operator=(const RoomSet&) = delete;

    std::vector<RoomConfig> rooms;  // in file order, which is display order
    // Looked up on every message: by id through an index built once by index_rooms().
    const RoomConfig* find(std::string_view id) const;
    void index_rooms();

  private:
    std::unordered_map<std::string_view, std::size_t> by_id_;
};

// Parses a rooms file's text. Throws ConfigError naming the field ("rooms[2].capacity").
std::shared_ptr<const RoomSet> parse_rooms(std::string_view json_text);
std::shared_ptr<const RoomSet> load_rooms_file(const std::string& path);
// The file's text; throws ConfigError ("rooms") when it cannot be read.
std::string read_rooms_file(const std::string& path);

// Whether a rooms file may name `audience` ("open", "age_u20", ..., "family").
bool is_known_audience(std::string_view audience);

// Thread-safe holder of the current snapshot.
class RoomCatalog {
  public:
    RoomCatalog();
    explicit RoomCatalog(std::shared_ptr<const RoomSet> rooms);
    std::shared_ptr<const RoomSet> snapshot() const;
    void replace(std::shared_ptr<const RoomSet> rooms);
    // A new snapshot with one room's live state changed; false when the room is unknown or
    // already in that state (nothing changes).
    bool set_state(const std::string& room, RoomState state);

    // Live settings set by staff (room controls) override the rooms file: set_live() applies
    // them in a new snapshot and keeps them, so replace() (a SIGHUP reload) applies them to
    // the fresh rooms too. False when the room is unknown.
    bool set_live(const std::string& room, const RoomLive& live);
    // The override of `room`, if staff changed it live.
    std::optional<RoomLive> live(const std::string& room) const;

    // The room scheduler's view of a scheduled room, kept across replace() like live settings.
    // False when the room is unknown or its schedule is unchanged (no new snapshot).
    bool set_schedule(const std::string& room, const events::RoomSchedule& schedule);

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const RoomSet> rooms_;
    std::unordered_map<std::string, RoomLive> live_;
    std::unordered_map<std::string, events::RoomSchedule> schedules_;
};

}  // namespace ibasho::chat
