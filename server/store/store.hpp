// The Store seam: durable, versioned records (organisations, staff, rooms, events, the help
// directory, sanctions, reports, audit) with compare-and-set writes and change notifications.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ibasho {

// What happened to one operation. `unavailable` on a write means "not known": the write may
// or may not have happened (a timeout after Redis received it); re-read before retrying.
enum class StoreResult { ok, not_found, conflict, unavailable, invalid };

std::string_view to_string(StoreResult r);

struct StoreRecord {
    std::string kind;   // "help", "room", "staff", "org", "event", ... ([a-z0-9_-], 1-32)
    std::string id;     // unique within the kind ([A-Za-z0-9._~@:-], 1-128)
    std::string owner;  // e.g. an organisation id (same characters as an id); may be empty
    // Starts at 1 and grows by one per write. Ignored on put; the store assigns it.
    std::uint64_t version = 0;
    std::string body;  // a JSON text, stored as-is (callers parse it)
    // On put: how long the record lives from now; zero = for ever. On read: how long it has
    // left (at least 1 ms for a live record), zero = for ever. A read-modify-write that passes
    // the record back keeps its expiry.
    std::chrono::milliseconds ttl{0};
};

// One record changed, on any node. `version` 0 means it was removed. Expiry is silent: a
// record that runs out of time is simply gone. `resync` (kind and id empty) means this node
// may have missed changes (its link to the other nodes was down): re-read what you cache.
struct StoreChange {
    std::string kind;
    std::string id;
    std::uint64_t version = 0;
    bool resync = false;
};

// Limits shared by both implementations, so bad input gets the same answer everywhere.
struct StoreLimits {
    static constexpr std::size_t kind_max = 32;
    static constexpr std::size_t id_max = 128;
    static constexpr std::size_t body_max = 256 * 1024;
};

class Store {
  public:
    // For put/remove: write whatever the stored version is (seeding, operator tools).
    static constexpr std::uint64_t any_version = ~std::uint64_t{0};

    using GetDone = std::function<void(StoreResult, StoreRecord)>;
    using ListDone = std::function<void(StoreResult, std::vector<StoreRecord>)>;
    // The new version on `ok`; on `conflict` the version now stored (0: none).
    using PutDone = std::function<void(StoreResult, std::uint64_t version)>;
    using RemoveDone = std::function<void(StoreResult)>;
    using WatchFn = std::function<void(const StoreChange&)>;

    virtual ~Store() = default;

    // Every completion below may run on any thread, possibly before the call returns; a null
    // completion is allowed.

    // `ok` with the record, or `not_found` (also once it expired).
    virtual void get(const std::string& kind, const std::string& id, GetDone done) = 0;

    // Every live record of `kind` (of one owner when `owner` is given), sorted by id.
    virtual void list(const std::string& kind, const std::optional<std::string>& owner,
                      ListDone done) = 0;

    // Compare-and-set. `expected_version` 0: the record must not exist yet (else `conflict`);
    // N > 0: the stored version must be N (`not_found` when there is none, `conflict` when it
    // differs); `any_version`: unconditional. Nothing changes unless the result is `ok`.
    virtual void put(StoreRecord record, std::uint64_t expected_version, PutDone done) = 0;

    // Removes the record if its version is `expected_version` (or with `any_version`);
    // `not_found` when there is none, `conflict` when the version differs.
    virtual void remove(const std::string& kind, const std::string& id,
                        std::uint64_t expected_version, RemoveDone done) = 0;

    // Adds a watcher told of every change made through any store instance sharing this data
    // (every node), this one included, once the write is durable. Watchers live as long as
    // the store; they may run on any thread.
    virtual void watch(WatchFn fn) = 0;
};

// The checks both implementations apply before touching anything.
bool valid_kind(std::string_view kind);
bool valid_id(std::string_view id);
bool valid_owner(std::string_view owner);      // an id, or empty
bool valid_record(const StoreRecord& record);  // kind, id, owner, JSON body within the limit

}  // namespace ibasho
