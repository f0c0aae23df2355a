#include "server/api/room_routes.hpp"

#include <algorithm>

#include "server/api/errors.hpp"
#include "server/api/page.hpp"
#include "server/api/staff_guard.hpp"
#include "server/api/versioned_record.hpp"
#include "server/chat/room_live.hpp"
#include "server/chat/room_records.hpp"
#include "server/clock.hpp"
#include "server/log.hpp"
#include "server/staff/audit_log.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/org_records.hpp"

namespace ibasho::api {
namespace {

using chat::room_kind;
using nlohmann::json;
using staff::StaffIdentity;

Response no_such_room() {
    return error(ErrorCode::not_found, "There is no such room.");
}

Response answer(int status, const std::string& body, std::uint64_t version) {
    Response out = Response::json(status, body);
    out.header("ETag", etag_of(version));
    return out;
}

// Staff of `org` may read its rooms; anyone else hears nothing of them (404), and an operator,
// who manages organisations and not rooms, is refused (403).
std::optional<Response> refuse_reader(const StaffIdentity& who, const std::string& org) {
    if (who.role == moderation::Role::operator_) {
        return error(ErrorCode::forbidden, "Operators manage organisations, not rooms.");
    }
    if (who.org != org || !valid_org_id(org)) {
        return error(ErrorCode::not_found, "There is no such organisation.");
    }
    return std::nullopt;
}

std::optional<Response> refuse_writer(const StaffIdentity& who, const std::string& org) {
    if (auto no = refuse_reader(who, org)) {
        return no;
    }
    if (!who.organiser_of(org)) {
        return error(ErrorCode::forbidden, "Only organisers may do this.");
    }
    return std::nullopt;
}

void audit(const RoomDeps& d, const StaffIdentity& who, const char* action,
           const std::string& room) {
    staff::AuditEntry entry;
    entry.staff_name = who.name;
    entry.action = action;
    entry.room = room;
    entry.org = who.org;
    staff::record_audit(d.store, d.clock, entry, [action](bool ok) {
        if (!ok) {
            log::warn("audit_not_written", {{"action", action}});
        }
    });
}

// The room body checked, or the 400 naming the field.
std::optional<Response> check_body(const json& body, const std::string& org) {
    if (auto problem = chat::check_room_object(body)) {
        return bad_field(problem->field, problem->message);
    }
    if (const auto it = body.find("org"); it != body.end() && *it != org) {
        return bad_field("org", "org must be the organisation of the path.");
    }
    return std::nullopt;
}

void list_rooms(const RoomDeps& d, const Request& req, const std::string& org,
                const Respond& respond) {
    Response refusal;
    const auto page = page_query(req, refusal);
    if (!page) {
        respond(std::move(refusal));
        return;
    }
    with_staff(d.auth, req, respond, [d, respond, org, page = *page](StaffIdentity who) {
        if (auto no = refuse_reader(who, org)) {
            respond(std::move(*no));
            return;
        }
        d.store.list(
            room_kind, org, [respond, page](StoreResult r, std::vector<StoreRecord> records) {
                if (r != StoreResult::ok) {
                    respond(error(ErrorCode::service_degraded));
                    return;
                }
                respond(
                    Response::of(200, page_of_records(records, page, [](const StoreRecord& rec) {
                                     json body = json::parse(rec.body, nullptr, false);
                                     if (!body.is_object()) {
                                         return std::optional<json>();
                                     }
                                     body["id"] = rec.id;
                                     return std::optional<json>(std::move(body));
                                 })));
            });
    });
}

void create_room(const RoomDeps& d, const Request& req, const std::string& org,
                 const Respond& respond) {
    with_staff(d.auth, req, respond, [d, respond, org, body = req.json](StaffIdentity who) {
        if (auto no = refuse_writer(who, org)) {
            respond(std::move(*no));
            return;
        }
        if (auto bad = check_body(body, org)) {
            respond(std::move(*bad));
            return;
        }
        // A new room goes last unless the body says where.
        d.store.list(
            room_kind, std::nullopt,
            [d, respond, org, body, who](StoreResult r, std::vector<StoreRecord> all) {
                if (r != StoreResult::ok) {
                    respond(error(ErrorCode::service_degraded));
                    return;
                }
                std::int64_t order = 0;
                for (const auto& rec : all) {
                    const json b = json::parse(rec.body, nullptr, false);
                    if (b.is_object() && b.contains("order") && b["order"].is_number_integer()) {
                        order = std::max(order, b["order"].get<std::int64_t>() + 1);
                    }
                }
                if (body.contains("order")) {
                    order = body["order"].get<std::int64_t>();
                }
                const std::string id = body["id"].get<std::string>();
                const std::string text = chat::room_record_body(body, org, order, false)
                                             .dump(-1, ' ', false, json::error_handler_t::replace);
                // Room ids are one namespace across organisations: CAS 0 on the one kind.
                d.store.put(StoreRecord{room_kind, id, org, 0, text, {}}, 0,
                            [d, respond, id, text, who](StoreResult pr, std::uint64_t version) {
                                if (pr == StoreResult::conflict) {
                                    respond(error(ErrorCode::conflict,
                                                  "A room with this id exists.", "id"));
                                    return;
                                }
                                if (pr != StoreResult::ok) {
                                    respond(error(ErrorCode::service_degraded));
                                    return;
                                }
                                audit(d, who, "room_create", id);
                                respond(answer(201, text, version));
                            });
            });
    });
}

// Reads room `id` of `org`: another organisation's room is 404, as is an unknown one.
void with_room(const RoomDeps& d, const std::string& org, const std::string& id,
               const Respond& respond, std::function<void(StoreRecord)> fn) {
    if (!valid_id(id)) {
        respond(no_such_room());
        return;
    }
    d.store.get(room_kind, id, [org, respond, fn = std::move(fn)](StoreResult r, StoreRecord rec) {
        if (r == StoreResult::not_found || (r == StoreResult::ok && rec.owner != org)) {
            respond(no_such_room());
            return;
        }
        if (r != StoreResult::ok) {
            respond(error(ErrorCode::service_degraded));
            return;
        }
        fn(std::move(rec));
    });
}

void get_room(const RoomDeps& d, const Request& req, const std::string& org, const std::string& id,
              const Respond& respond) {
    with_staff(d.auth, req, respond, [d, respond, org, id](StaffIdentity who) {
        if (auto no = refuse_reader(who, org)) {
            respond(std::move(*no));
            return;
        }
        with_room(d, org, id, respond,
                  [respond](StoreRecord rec) { respond(answer(200, rec.body, rec.version)); });
    });
}

void put_room(const RoomDeps& d, const Request& req, const std::string& org, const std::string& id,
              const Respond& respond) {
    const auto expected = if_match_version(req);
    json body = req.json;
    if (body.is_object() && !body.contains("id")) {
        body["id"] = id;
    }
    with_staff(d.auth, req, respond, [d, respond, org, id, expected, body](StaffIdentity who) {
        if (auto no = refuse_writer(who, org)) {
            respond(std::move(*no));
            return;
        }
        with_room(d, org, id, respond, [d, respond, org, id, expected, body, who](StoreRecord rec) {
            if (!expected) {
                respond(error(ErrorCode::precondition_failed));
                return;
            }
            if (body.is_object() && body["id"] != id) {
                respond(bad_field("id", "id cannot change."));
                return;
            }
            if (auto bad = check_body(body, org)) {
                respond(std::move(*bad));
                return;
            }
            const json was = json::parse(rec.body, nullptr, false);
            std::int64_t order = was.is_object() ? was.value("order", std::int64_t{0}) : 0;
            if (body.contains("order")) {
                order = body["order"].get<std::int64_t>();
            }
            // Edited here, the room is the organiser's: a rooms-file reload leaves it alone.
            const std::string text = chat::room_record_body(body, org, order, false)
                                         .dump(-1, ' ', false, json::error_handler_t::replace);
            const std::uint64_t version = *expected == Store::any_version ? rec.version : *expected;
            d.store.put(StoreRecord{room_kind, id, org, 0, text, {}}, version,
                        [d, respond, id, text, who](StoreResult pr, std::uint64_t v) {
                            if (pr == StoreResult::conflict || pr == StoreResult::not_found) {
                                respond(error(ErrorCode::precondition_failed));
                                return;
                            }
                            if (pr != StoreResult::ok) {
                                respond(error(ErrorCode::service_degraded));
                                return;
                            }
                            audit(d, who, "room_update", id);
                            respond(answer(200, text, v));
                        });
        });
    });
}

// Whether an event of `org` names `room` (helper B1's records: "rooms":[{"room":...}]).
bool used_by_event(const std::vector<StoreRecord>& events, const std::string& room) {
    for (const auto& ev : events) {
        const json body = json::parse(ev.body, nullptr, false);
        if (!body.is_object() || !body.contains("rooms") || !body["rooms"].is_array()) {
            continue;
        }
        for (const auto& r : body["rooms"]) {
            if (r.is_object() && r.value("room", "") == room) {
                return true;
            }
        }
    }
    return false;
}

void delete_room(const RoomDeps& d, const Request& req, const std::string& org,
                 const std::string& id, const Respond& respond) {
    const auto expected = if_match_version(req);
    with_staff(d.auth, req, respond, [d, respond, org, id, expected](StaffIdentity who) {
        if (auto no = refuse_writer(who, org)) {
            respond(std::move(*no));
            return;
        }
        with_room(d, org, id, respond, [d, respond, org, id, expected, who](StoreRecord rec) {
            if (!expected) {
                respond(error(ErrorCode::precondition_failed));
                return;
            }
            d.store.list(
                "event", org,
                [d, respond, id, expected, who, rec](StoreResult r,
                                                     std::vector<StoreRecord> events) {
                    if (r != StoreResult::ok) {
                        respond(error(ErrorCode::service_degraded));
                        return;
                    }
                    if (used_by_event(events, id)) {
                        respond(error(ErrorCode::conflict, "An event uses this room.", "id"));
                        return;
                    }
                    const std::uint64_t version =
                        *expected == Store::any_version ? rec.version : *expected;
                    d.store.remove(room_kind, id, version, [d, respond, id, who](StoreResult rr) {
                        if (rr == StoreResult::conflict || rr == StoreResult::not_found) {
                            respond(error(ErrorCode::precondition_failed));
                            return;
                        }
                        if (rr != StoreResult::ok) {
                            respond(error(ErrorCode::service_degraded));
                            return;
                        }
                        // Its live settings go with it, so a later room of that id starts afresh.
                        d.store.remove(chat::room_live_kind, id, Store::any_version, nullptr);
                        audit(d, who, "room_delete", id);
                        respond(Response{204, {}, {}});
                    });
                });
        });
    });
}

}  // namespace

void add_room_routes(Router& router, RoomDeps deps) {
    router.add(Method::get, "/api/orgs/:org/rooms", "rooms.org_list",
               [deps](const Request& req, const Params& p, Respond respond) {
                   list_rooms(deps, req, std::string(p.get("org")), respond);
               });
    router.add(Method::post, "/api/orgs/:org/rooms", "rooms.create",
               [deps](const Request& req, const Params& p, Respond respond) {
                   create_room(deps, req, std::string(p.get("org")), respond);
               });
    router.add(Method::get, "/api/orgs/:org/rooms/:room", "rooms.get",
               [deps](const Request& req, const Params& p, Respond respond) {
                   get_room(deps, req, std::string(p.get("org")), std::string(p.get("room")),
                            respond);
               });
    router.add(Method::put, "/api/orgs/:org/rooms/:room", "rooms.put",
               [deps](const Request& req, const Params& p, Respond respond) {
                   put_room(deps, req, std::string(p.get("org")), std::string(p.get("room")),
                            respond);
               });
    router.add(Method::del, "/api/orgs/:org/rooms/:room", "rooms.delete",
               [deps](const Request& req, const Params& p, Respond respond) {
                   delete_room(deps, req, std::string(p.get("org")), std::string(p.get("room")),
                               respond);
               });
}

}  // namespace ibasho::api
