// Rooms as Store records (kind `room`, owner = organisation): the record body, the rooms-file
// rules applied to one room, and RoomRecords, which keeps every node's catalogue built from the
// Store's rooms (seeded once from the rooms file; SIGHUP re-applies the file to seeded rooms).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/chat/room_catalog.hpp"
#include "server/store/store.hpp"

namespace ibasho::chat {

inline constexpr const char* room_kind = "room";

struct RoomProblem {
    std::string field;  // as an API names it: "capacity", "name.ja", "rate_limit.burst"
    std::string message;
};

// Checks one room object (an API body) by the rooms file's rules (parse_rooms), plus the
// record's own keys: `scheduled` and `seeded` true/false, `order` a whole number.
std::optional<RoomProblem> check_room_object(const nlohmann::json& room);

// The record body: the room object's keys with `org`, `scheduled`, `order` and `seeded` set.
nlohmann::json room_record_body(nlohmann::json room, const std::string& org, std::int64_t order,
                                bool seeded);

// One record read back: the room as the catalogue holds it (org = the record's owner), its
// display order and whether it is still as the rooms file wrote it. nullopt for a body that
// breaks the rules (the Store is not trusted input).
struct RoomRecord {
    RoomConfig room;
    std::int64_t order = 0;
    bool seeded = false;
};
std::optional<RoomRecord> room_from_record(const StoreRecord& record);

// A rooms file's rooms as record bodies, in file order, with the file's `defaults` written into
// each (a record stands alone). Throws ConfigError like parse_rooms.
std::vector<nlohmann::json> rooms_file_records(std::string_view json_text);

// The organisation of `room` in the catalogue's current rooms; empty for an unknown room.
std::string room_org(const RoomCatalog& catalog, std::string_view room);
// The organisation an audit line about `room` belongs to: the room's ("main" once it is gone).
std::string audit_org(const RoomCatalog& catalog, std::string_view room);

// Keeps `catalog` equal to the Store's room records on this node. Thread-safe; callbacks may
// run on any thread.
class RoomRecords {
  public:
    // Told of every room that left the catalogue (deleted) or closed, to take its members out.
    using GoneFn = std::function<void(const std::string& room)>;

    RoomRecords(Store& store, RoomCatalog& catalog, GoneFn gone);

    // Registers the Store watch (once, at start-up, before start()).
    void watch();
    // Seeds from `file_text` when the Store holds no room at all, then loads the catalogue.
    // Call at start and whenever the Store comes back (it is idempotent); an empty text
    // seeds nothing.
    void start(std::string file_text);
    // Re-reads every room record and swaps the catalogue (coalesced: a burst of changes costs
    // one read more at most).
    void reload();
    // SIGHUP: the rooms file again. Seeded rooms follow it (added, changed, removed); rooms
    // edited through the API are left as they are. Throws ConfigError for a broken file
    // before anything is written. `done` (optional) runs once every write has answered.
    void apply_file(std::string_view file_text, std::function<void()> done = nullptr);

  private:
    void load_now();
    void loaded(std::vector<StoreRecord> records);
    // While writes of many rooms are under way (a seed, a reload of the file), the changes
    // they announce wait: one read when the last write has answered, not one per room.
    void hold();
    void release();

    Store& store_;
    RoomCatalog& catalog_;
    GoneFn gone_;
    std::mutex mutex_;
    bool in_flight_ = false;
    bool again_ = false;
    std::size_t holds_ = 0;
    bool held_change_ = false;
};

}  // namespace ibasho::chat
