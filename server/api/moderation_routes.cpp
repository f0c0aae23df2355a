#include "server/api/moderation_routes.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "protocol/validate.hpp"
#include "server/api/errors.hpp"
#include "server/api/router.hpp"
#include "server/api/staff_guard.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/reason_list.hpp"
#include "server/store/store.hpp"

namespace ibasho::api {
namespace {

using json = nlohmann::json;

constexpr std::size_t audit_page_max = 200;
constexpr std::size_t reasons_max = 30;
constexpr std::size_t label_max_bytes = 120;

std::string etag_of(std::uint64_t version) {
    return "\"v" + std::to_string(version) + "\"";
}

void list_audit(const ModerationDeps& d, const Request& req, const Respond& respond) {
    const std::string room = query_value(req.query, "room").value_or("");
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
        d.auth, req, respond, [d, respond, room, before, limit](staff::StaffIdentity who) {
            d.store.list(
                "audit", who.org,
                [respond, room, before, limit](StoreResult r, std::vector<StoreRecord> all) {
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
                        if (!body.is_object() ||
                            (!room.empty() && body.value("room", "") != room)) {
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

void get_reasons(const ModerationDeps& d, const Request& req, const Respond& respond) {
    with_staff(d.auth, req, respond, [d, respond](staff::StaffIdentity who) {
        d.store.get("reasons", "default", [respond](StoreResult r, StoreRecord rec) {
            if (r == StoreResult::not_found) {
                Response out = Response::json(200, default_reasons_json());
                out.header("ETag", etag_of(0));
                respond(std::move(out));
                return;
            }
            if (r != StoreResult::ok) {
                respond(error(ErrorCode::service_degraded));
                return;
            }
            Response out = Response::json(200, rec.body);
            out.header("ETag", etag_of(rec.version));
            respond(std::move(out));
        });
        (void)who;
    });
}

// A reason list as an organiser may save it, or the field at fault.
std::optional<Response> check_reasons(const json& body) {
    if (!body.is_object() || !body.contains("reasons") || !body["reasons"].is_array()) {
        return bad_field("reasons", "reasons must be a list.");
    }
    const json& list = body["reasons"];
    if (list.empty() || list.size() > reasons_max) {
        return bad_field("reasons", "reasons must hold 1 to 30 entries.");
    }
    std::set<std::string> ids;
    for (const json& r : list) {
        if (!r.is_object() || !r.contains("id") || !r["id"].is_string() ||
            !protocol::is_reason_code(r["id"].get<std::string>())) {
            return bad_field("reasons[].id", "Each id must be 1-32 characters of a-z, 0-9 and _.");
        }
        for (const char* lang : {"ja", "en"}) {
            if (!r.contains(lang) || !r[lang].is_string() || r[lang].get<std::string>().empty() ||
                r[lang].get<std::string>().size() > label_max_bytes) {
                return bad_field(std::string("reasons[].") + lang,
                                 "Each reason needs a label in Japanese and English.");
            }
        }
        if (!ids.insert(r["id"].get<std::string>()).second) {
            return bad_field("reasons[].id", "Each id may appear once.");
        }
    }
    return std::nullopt;
}

void put_reasons(const ModerationDeps& d, const Request& req, const Respond& respond) {
    if (auto bad = check_reasons(req.json)) {
        respond(std::move(*bad));
        return;
    }
    // Only the fields we know are kept, so nothing else rides along into the Store.
    json clean{{"reasons", json::array()}};
    for (const json& r : req.json["reasons"]) {
        clean["reasons"].push_back({{"id", r["id"]}, {"ja", r["ja"]}, {"en", r["en"]}});
    }
    std::uint64_t expected = Store::any_version;
    if (!req.if_match.empty()) {
        const std::string& m = req.if_match;
        if (m.size() < 4 || m.rfind("\"v", 0) != 0 || m.back() != '"' ||
            !std::all_of(m.begin() + 2, m.end() - 1, ::isdigit)) {
            respond(error(ErrorCode::precondition_failed));
            return;
        }
        expected = std::stoull(m.substr(2, m.size() - 3));
    }
    with_organiser(d.auth, req, respond,
                   [d, respond, expected, body = clean.dump()](staff::StaffIdentity who) {
                       StoreRecord rec;
                       rec.kind = "reasons";
                       rec.id = "default";
                       rec.owner = who.org;
                       rec.body = body;
                       d.store.put(
                           std::move(rec), expected,
                           [respond, body](StoreResult r, std::uint64_t version) {
                               if (r == StoreResult::conflict || r == StoreResult::not_found) {
                                   respond(error(ErrorCode::precondition_failed));
                                   return;
                               }
                               if (r != StoreResult::ok) {
                                   respond(error(ErrorCode::service_degraded));
                                   return;
                               }
                               Response out = Response::json(200, body);
                               out.header("ETag", etag_of(version));
                               respond(std::move(out));
                           });
                   });
}

}  // namespace

void add_moderation_routes(Router& router, ModerationDeps deps) {
    router.add(Method::get, "/api/audit", "audit.list",
               [deps](const Request& req, const Params&, Respond respond) {
                   list_audit(deps, req, respond);
               });
    router.add(Method::get, "/api/reasons", "reasons.get",
               [deps](const Request& req, const Params&, Respond respond) {
                   get_reasons(deps, req, respond);
               });
    router.add(Method::put, "/api/reasons", "reasons.put",
               [deps](const Request& req, const Params&, Respond respond) {
                   put_reasons(deps, req, respond);
               });
}

}  // namespace ibasho::api
