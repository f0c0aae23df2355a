// Reports and private-word asks as Store records (spec §1, kinds `report` and `ask`): their
// bodies, their lifetimes, and the reads and writes the handlers and the HTTP API share.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "protocol/encode_reports.hpp"
#include "server/store/store.hpp"

namespace ibasho::chat {

inline constexpr const char* report_kind = "report";
inline constexpr const char* ask_kind = "ask";
// A report lives a week unless staff close it sooner; an ask, with its thread, an hour from
// its last activity. Expiry is the record's own TTL, so nothing has to sweep.
inline constexpr std::chrono::hours report_ttl{24 * 7};
inline constexpr std::chrono::hours ask_ttl{1};
// The recent lines a thread keeps, for a side that reconnects.
inline constexpr std::size_t thread_lines_kept = 200;

// The `report` body: {"room","seq","reason","text","member","nick","created_ms","note",
// "state":"open"}. It holds the reported message and its author, never the reporter.
struct ReportRecord {
    protocol::ReportView view;
    std::uint64_t version = 0;
};

// The `ask` body: {"room","member","nick","address","created_ms","state","thread","staff",
// "staff_name","n","lines":[...]}. `address` is the asker's session address (for routing;
// never the token); `staff` the accepting staff id.
struct AskRecord {
    std::string id;  // also the thread id
    std::string room;
    std::string member;
    std::string nick;
    std::string address;
    std::int64_t created_ms = 0;
    bool open = false;  // "open" once accepted; "waiting" before
    std::string staff;
    std::string staff_name;
    std::uint64_t n = 0;  // lines written so far (the next line is n + 1)
    std::vector<protocol::PrivateMessage> lines;
    std::uint64_t version = 0;

    protocol::AskView view() const { return {id, room, member, nick, created_ms}; }
};

std::string report_body(const protocol::ReportView& report);
std::optional<ReportRecord> parse_report(const StoreRecord& record);
std::string ask_body(const AskRecord& ask);
std::optional<AskRecord> parse_ask(const StoreRecord& record);

// "r_" / "q_" and 16 random base64url characters.
std::string new_report_id();
std::string new_ask_id();

// Thin typed access over the Store. Completions run on any thread (as the Store's do).
class ReportStore {
  public:
    explicit ReportStore(Store& store) : store_(store) {}

    void add_report(const protocol::ReportView& report, std::function<void(StoreResult)> done);
    void get_report(const std::string& id,
                    std::function<void(StoreResult, std::optional<ReportRecord>)> done);
    void remove_report(const std::string& id, std::uint64_t version,
                       std::function<void(StoreResult)> done);
    // A room's open reports, oldest first.
    void reports_of(const std::string& room,
                    std::function<void(StoreResult, std::vector<ReportRecord>)> done);

    // Writes the ask with a fresh hour to live: expected 0 to create, else compare-and-set.
    void put_ask(const AskRecord& ask, std::uint64_t expected,
                 std::function<void(StoreResult, std::uint64_t version)> done);
    void get_ask(const std::string& id,
                 std::function<void(StoreResult, std::optional<AskRecord>)> done);
    void remove_ask(const std::string& id, std::function<void(StoreResult)> done);
    // A room's asks (room empty: every room's), oldest first.
    void asks_of(const std::string& room,
                 std::function<void(StoreResult, std::vector<AskRecord>)> done);

  private:
    Store& store_;
};

}  // namespace ibasho::chat
