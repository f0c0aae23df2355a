#include "server/api/moderation_routes.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "protocol/validate.hpp"
#include "server/api/errors.hpp"
#include "server/api/router.hpp"
#include "server/api/staff_guard.hpp"
#include "server/api/versioned_record.hpp"
#include "server/chat/reminder_templates.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/reason_list.hpp"
#include "server/store/store.hpp"

namespace ibasho::api {
namespace {

using json = nlohmann::json;

constexpr std::size_t audit_page_max = 200;
constexpr std::size_t reasons_max = 30;

struct Filter {
    std::string room;
    std::string action;
    std::string staff;

    bool matches(const json& body) const {
        const auto same = [&body](const char* key, const std::string& want) {
            return want.empty() || body.value(key, "") == want;
        };
        return same("room", room) && same("action", action) && same("staff", staff);
    }
};

void list_audit(const ModerationDeps& d, const Request& req, const Respond& respond) {
    // Each filter is an exact match on the entry's field, applied before the page is cut so a
    // filtered page is full; the organiser's audit screen sends them (its dates stay its own).
    Filter filter{query_value(req.query, "room").value_or(""),
                  query_value(req.query, "action").value_or(""),
                  query_value(req.query, "staff").value_or("")};
    const std::string before = query_value(req.query, "before").value_or("");
    std::size_t limit = 100;
    if (const std::string l = query_value(req.query, "limit").value_or(""); !l.empty()) {
        if (l.size() > 4 || !std::all_of(l.begin(), l.end(), ::isdigit) || std::stoul(l) == 0) {
            respond(bad_field("limit", "limit must be a number from 1 to 200."));
            return;
        }
        limit = std::min<std::size_t>(std::stoul(l), audit_page_max);
    }
    with_organiser(
        d.auth, req, respond, [d, respond, filter, before, limit](staff::StaffIdentity who) {
            d.store.list(
                "audit", who.org,
                [respond, filter, before, limit](StoreResult r, std::vector<StoreRecord> all) {
                    if (r != StoreResult::ok) {
                        respond(error(ErrorCode::service_degraded));
                        return;
                    }
                    // Ids sort by time: newest first, from just before the cursor.
                    json entries = json::array();
                    std::string next;
                    for (auto it = all.rbegin(); it != all.rend(); ++it) {
                        if (!before.empty() && it->id >= before) {
                            continue;
                        }
                        json body = json::parse(it->body, nullptr, false);
                        if (!body.is_object() || !filter.matches(body)) {
                            continue;
                        }
                        if (entries.size() == limit) {
                            next = entries.back()["id"].get<std::string>();
                            break;
                        }
                        body["id"] = it->id;
                        entries.push_back(std::move(body));
                    }
                    json out{{"entries", std::move(entries)}};
                    if (!next.empty()) {
                        out["next_before"] = next;
                    }
                    respond(Response::of(200, out));
                });
        });
}

// A short list staff pick from, edited as a whole: the reason codes (organisers edit) and
// the reminder templates (any staff member edits: the supporters write them).
struct EditableList {
    const char* kind;  // Store kind; the record id is list_id(org)
    const char* key;   // the body's one field: {"<key>":[{"id","ja","en"}]}
    const char* (*shipped)();
    std::size_t text_max_bytes;
    bool organisers_only;
};

// Each organisation edits its own copy: "main" keeps the record id it always had, another
// organisation's is "org:<id>" (no organisation id can be mistaken for "default").
std::string list_id(const std::string& org) {
    return org == "main" ? std::string("default") : "org:" + org;
}

const char* shipped_reasons() {
    return default_reasons_json();
}
const char* shipped_reminders() {
    return chat::shipped_reminders_json;
}

constexpr EditableList reason_list{"reasons", "reasons", shipped_reasons, 120, true};
constexpr EditableList reminder_list{"reminders", "templates", shipped_reminders, 900, false};

void get_list(const EditableList& list, const ModerationDeps& d, const Request& req,
              const Respond& respond) {
    with_staff(d.auth, req, respond, [&list, d, respond](staff::StaffIdentity who) {
        if (who.org.empty()) {
            respond(error(ErrorCode::forbidden, "Operators manage organisations only."));
            return;
        }
        // The reminders file is laid out for people to read: answered compactly.
        respond_record(d.store, list.kind, list_id(who.org), list.shipped(), respond);
    });
}

// A list as it may be saved, or the field at fault.
std::optional<Response> check_list(const EditableList& list, const json& body) {
    const std::string key = list.key;
    if (!body.is_object() || !body.contains(key) || !body[key].is_array()) {
        return bad_field(key, key + " must be a list.");
    }
    const json& items = body[key];
    if (items.empty() || items.size() > reasons_max) {
        return bad_field(key, key + " must hold 1 to 30 entries.");
    }
    std::set<std::string> ids;
    for (const json& r : items) {
        if (!r.is_object() || !r.contains("id") || !r["id"].is_string() ||
            !protocol::is_reason_code(r["id"].get<std::string>())) {
            return bad_field(key + "[].id", "Each id must be 1-32 characters of a-z, 0-9 and _.");
        }
        for (const char* lang : {"ja", "en"}) {
            if (!r.contains(lang) || !r[lang].is_string() || r[lang].get<std::string>().empty() ||
                r[lang].get<std::string>().size() > list.text_max_bytes ||
                protocol::check_text(r[lang].get<std::string>()) != protocol::TextProblem::none) {
                return bad_field(key + "[]." + lang,
                                 "Each entry needs its text in Japanese and English.");
            }
        }
        if (!ids.insert(r["id"].get<std::string>()).second) {
            return bad_field(key + "[].id", "Each id may appear once.");
        }
    }
    return std::nullopt;
}

void put_list(const EditableList& list, const ModerationDeps& d, const Request& req,
              const Respond& respond) {
    if (auto bad = check_list(list, req.json)) {
        respond(std::move(*bad));
        return;
    }
    // Only the fields we know are kept, so nothing else rides along into the Store.
    json clean{{list.key, json::array()}};
    for (const json& r : req.json[list.key]) {
        clean[list.key].push_back({{"id", r["id"]}, {"ja", r["ja"]}, {"en", r["en"]}});
    }
    const std::optional<std::uint64_t> expected = if_match_version(req);
    if (!expected) {
        respond(error(ErrorCode::precondition_failed));
        return;
    }
    auto save = [&list, d, respond, expected = *expected,
                 body = clean.dump()](staff::StaffIdentity who) {
        if (who.org.empty()) {
            respond(error(ErrorCode::forbidden, "Operators manage organisations only."));
            return;
        }
        StoreRecord rec;
        rec.kind = list.kind;
        rec.id = list_id(who.org);
        rec.owner = who.org;
        rec.body = body;
        save_record(d.store, std::move(rec), expected, respond);
    };
    if (list.organisers_only) {
        with_organiser(d.auth, req, respond, std::move(save));
    } else {
        with_staff(d.auth, req, respond, std::move(save));
    }
}

}  // namespace

void add_moderation_routes(Router& router, ModerationDeps deps) {
    router.add(Method::get, "/api/audit", "audit.list",
               [deps](const Request& req, const Params&, Respond respond) {
                   list_audit(deps, req, respond);
               });
    router.add(Method::get, "/api/reasons", "reasons.get",
               [deps](const Request& req, const Params&, Respond respond) {
                   get_list(reason_list, deps, req, respond);
               });
    router.add(Method::put, "/api/reasons", "reasons.put",
               [deps](const Request& req, const Params&, Respond respond) {
                   put_list(reason_list, deps, req, respond);
               });
    router.add(Method::get, "/api/reminders", "reminders.get",
               [deps](const Request& req, const Params&, Respond respond) {
                   get_list(reminder_list, deps, req, respond);
               });
    router.add(Method::put, "/api/reminders", "reminders.put",
               [deps](const Request& req, const Params&, Respond respond) {
                   put_list(reminder_list, deps, req, respond);
               });
}

}  // namespace ibasho::api
