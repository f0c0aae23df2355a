#include "server/chat/report_store.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/random_token.hpp"

namespace ibasho::chat {
namespace {

using nlohmann::json;

// Bodies come from our own writers, but a record edited by hand or by an older build must
// not throw in a Store callback: anything unexpected reads as "no such record".
template <class T>
T value_or(const json& j, const char* key, T fallback) {
    const auto it = j.find(key);
    if (it == j.end()) {
        return fallback;
    }
    if constexpr (std::is_same_v<T, std::string>) {
        return it->is_string() ? it->template get<std::string>() : fallback;
    } else if constexpr (std::is_same_v<T, bool>) {
        return it->is_boolean() ? it->template get<bool>() : fallback;
    } else {
        return it->is_number_integer() ? it->template get<T>() : fallback;
    }
}

json line_json(const protocol::PrivateMessage& m) {
    return json{{"n", m.n},       {"from", m.from}, {"nick", m.nick},
                {"text", m.text}, {"ts", m.ts},     {"id", m.id}};
}

}  // namespace

std::string report_body(const protocol::ReportView& r) {
    json j{{"room", r.room},     {"seq", r.seq},   {"reason", r.reason},         {"text", r.text},
           {"member", r.member}, {"nick", r.nick}, {"created_ms", r.created_ms}, {"state", "open"}};
    if (r.note) {
        j["note"] = *r.note;
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<ReportRecord> parse_report(const StoreRecord& record) {
    const json j = json::parse(record.body, nullptr, false);
    if (!j.is_object()) {
        return std::nullopt;
    }
    ReportRecord out;
    out.version = record.version;
    auto& v = out.view;
    v.id = record.id;
    v.room = value_or<std::string>(j, "room", "");
    v.seq = value_or<std::uint64_t>(j, "seq", 0);
    v.reason = value_or<std::string>(j, "reason", "other");
    v.text = value_or<std::string>(j, "text", "");
    v.member = value_or<std::string>(j, "member", "");
    v.nick = value_or<std::string>(j, "nick", "");
    v.created_ms = value_or<std::int64_t>(j, "created_ms", 0);
    if (j.contains("note") && j["note"].is_string()) {
        v.note = j["note"].get<std::string>();
    }
    if (v.room.empty()) {
        return std::nullopt;
    }
    return out;
}

std::string ask_body(const AskRecord& a) {
    json lines = json::array();
    for (const auto& l : a.lines) {
        lines.push_back(line_json(l));
    }
    json j{{"room", a.room},
           {"member", a.member},
           {"nick", a.nick},
           {"address", a.address},
           {"created_ms", a.created_ms},
           {"state", a.open ? "open" : "waiting"},
           {"thread", a.id},
           {"staff", a.staff},
           {"staff_name", a.staff_name},
           {"n", a.n},
           {"lines", std::move(lines)}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<AskRecord> parse_ask(const StoreRecord& record) {
    const json j = json::parse(record.body, nullptr, false);
    if (!j.is_object()) {
        return std::nullopt;
    }
    AskRecord a;
    a.id = record.id;
    a.version = record.version;
    a.room = value_or<std::string>(j, "room", "");
    a.member = value_or<std::string>(j, "member", "");
    a.nick = value_or<std::string>(j, "nick", "");
    a.address = value_or<std::string>(j, "address", "");
    a.created_ms = value_or<std::int64_t>(j, "created_ms", 0);
    a.open = value_or<std::string>(j, "state", "") == "open";
    a.staff = value_or<std::string>(j, "staff", "");
    a.staff_name = value_or<std::string>(j, "staff_name", "");
    a.n = value_or<std::uint64_t>(j, "n", 0);
    if (const auto it = j.find("lines"); it != j.end() && it->is_array()) {
        for (const auto& l : *it) {
            if (!l.is_object()) {
                continue;
            }
            protocol::PrivateMessage m;
            m.thread = a.id;
            m.n = value_or<std::uint64_t>(l, "n", 0);
            m.from = value_or<std::string>(l, "from", "");
            m.nick = value_or<std::string>(l, "nick", "");
            m.text = value_or<std::string>(l, "text", "");
            m.ts = value_or<std::int64_t>(l, "ts", 0);
            m.id = value_or<std::string>(l, "id", "");
            a.lines.push_back(std::move(m));
        }
    }
    if (a.room.empty() || a.address.empty()) {
        return std::nullopt;
    }
    return a;
}

std::string new_report_id() {
    return "r_" + random_base64url(12);
}

std::string new_ask_id() {
    return "q_" + random_base64url(12);
}

void ReportStore::add_report(const protocol::ReportView& report,
                             std::function<void(StoreResult)> done) {
    StoreRecord rec;
    rec.kind = report_kind;
    rec.id = report.id;
    rec.owner = report.room;
    rec.body = report_body(report);
    rec.ttl = report_ttl;
    store_.put(std::move(rec), 0, [done = std::move(done)](StoreResult r, std::uint64_t) {
        if (done) {
            done(r);
        }
    });
}

void ReportStore::get_report(const std::string& id,
                             std::function<void(StoreResult, std::optional<ReportRecord>)> done) {
    store_.get(report_kind, id, [done = std::move(done)](StoreResult r, StoreRecord rec) {
        if (r != StoreResult::ok) {
            done(r, std::nullopt);
            return;
        }
        auto parsed = parse_report(rec);
        done(parsed ? StoreResult::ok : StoreResult::not_found, std::move(parsed));
    });
}

void ReportStore::remove_report(const std::string& id, std::uint64_t version,
                                std::function<void(StoreResult)> done) {
    store_.remove(report_kind, id, version, std::move(done));
}

void ReportStore::reports_of(const std::string& room,
                             std::function<void(StoreResult, std::vector<ReportRecord>)> done) {
    store_.list(report_kind, room,
                [done = std::move(done)](StoreResult r, std::vector<StoreRecord> recs) {
                    std::vector<ReportRecord> out;
                    for (const auto& rec : recs) {
                        if (auto p = parse_report(rec)) {
                            out.push_back(std::move(*p));
                        }
                    }
                    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
                        return a.view.created_ms < b.view.created_ms;
                    });
                    done(r, std::move(out));
                });
}

void ReportStore::put_ask(const AskRecord& ask, std::uint64_t expected,
                          std::function<void(StoreResult, std::uint64_t)> done) {
    StoreRecord rec;
    rec.kind = ask_kind;
    rec.id = ask.id;
    rec.owner = ask.room;
    rec.body = ask_body(ask);
    rec.ttl = ask_ttl;
    store_.put(std::move(rec), expected, std::move(done));
}

void ReportStore::get_ask(const std::string& id,
                          std::function<void(StoreResult, std::optional<AskRecord>)> done) {
    store_.get(ask_kind, id, [done = std::move(done)](StoreResult r, StoreRecord rec) {
        if (r != StoreResult::ok) {
            done(r, std::nullopt);
            return;
        }
        auto parsed = parse_ask(rec);
        done(parsed ? StoreResult::ok : StoreResult::not_found, std::move(parsed));
    });
}

void ReportStore::remove_ask(const std::string& id, std::function<void(StoreResult)> done) {
    store_.remove(ask_kind, id, Store::any_version, std::move(done));
}

void ReportStore::asks_of(const std::string& room,
                          std::function<void(StoreResult, std::vector<AskRecord>)> done) {
    std::optional<std::string> owner;
    if (!room.empty()) {
        owner = room;
    }
    store_.list(ask_kind, owner,
                [done = std::move(done)](StoreResult r, std::vector<StoreRecord> recs) {
                    std::vector<AskRecord> out;
                    for (const auto& rec : recs) {
                        if (auto p = parse_ask(rec)) {
                            out.push_back(std::move(*p));
                        }
                    }
                    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
                        return a.created_ms < b.created_ms;
                    });
                    done(r, std::move(out));
                });
}

}  // namespace ibasho::chat
