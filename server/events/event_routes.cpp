#include "server/events/event_routes.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "server/api/errors.hpp"
#include "server/api/page.hpp"
#include "server/api/router.hpp"
#include "server/api/staff_guard.hpp"
#include "server/api/versioned_record.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/clock.hpp"
#include "server/events/event_json.hpp"
#include "server/events/recurrence.hpp"
#include "server/events/zone_time.hpp"
#include "server/log.hpp"
#include "server/staff/audit_log.hpp"
#include "server/staff/staff_account.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/store.hpp"

namespace ibasho::events {
namespace {

using json = nlohmann::json;
using api::ErrorCode;
using api::Request;
using api::Respond;
using api::Response;

Response not_found() {
    return api::error(ErrorCode::not_found);
}

// Staff of the path's organisation, else 404: another organisation's events are not there.
// `write` also wants an organiser (403 for a supporter of the organisation).
void with_member(const EventRouteDeps& d, const Request& req, const api::Params& params,
                 const Respond& respond, bool write, api::StaffHandler fn) {
    api::with_org_staff(d.auth, req, std::string(params.get("org")), respond,
                        write ? api::OrgDoor::organisers : api::OrgDoor::staff,
                        "Only the organisation's organisers may change its events.", std::move(fn));
}

void audit(const EventRouteDeps& d, const staff::StaffIdentity& who, const char* action,
           const Event& e) {
    staff::AuditEntry entry;
    entry.staff_name = who.name;
    entry.action = action;
    entry.room = e.rooms.empty() ? "" : e.rooms[0].room;
    entry.org = who.org;
    staff::record_audit(d.store, d.clock, entry, [action](bool ok) {
        if (!ok) {
            log::warn("audit_not_written", {{"action", action}});
        }
    });
}

Response event_answer(int status, const Event& e) {
    Response out = Response::of(status, to_json(e));
    out.header("ETag", api::etag_of(e.version));
    return out;
}

// The catalogue's rules for an event's rooms: each is this organisation's, scheduled, and a
// paired event's family room is for families only while its other room is not.
std::optional<Response> check_rooms(const chat::RoomCatalog& catalog, const Event& e) {
    const auto rooms = catalog.snapshot();
    for (std::size_t i = 0; i < e.rooms.size(); ++i) {
        const std::string field = "rooms[" + std::to_string(i) + "].room";
        const chat::RoomConfig* room = rooms->find(e.rooms[i].room);
        // One answer for "no such room" and "another organisation's": never a hint it exists.
        if (room == nullptr || room->org != e.org) {
            return api::bad_field(field, "This organisation has no room with this id.");
        }
        if (!room->scheduled) {
            return api::bad_field(field,
                                  "The room is not a scheduled room: it would be open "
                                  "outside the event.");
        }
        const bool family_only = room->audience == std::vector<std::string>{"family"};
        const bool has_family = std::find(room->audience.begin(), room->audience.end(), "family") !=
                                room->audience.end();
        if (e.rooms[i].side == "family" && !family_only) {
            return api::bad_field(field,
                                  "A paired event's family room must be for family "
                                  "members only (audience [\"family\"]).");
        }
        if (e.rooms[i].side == "lived" && has_family) {
            return api::bad_field(field,
                                  "A paired event's lived-experience room must not be "
                                  "for family members.");
        }
    }
    return std::nullopt;
}

// "2027-01-09 10:00 (Asia/Tokyo)": the other event's occurrence as its organisers see it.
std::string local_label(std::int64_t utc_ms, const std::string& zone) {
    const auto t = to_local(utc_ms, zone);
    if (!t) {
        return format_utc(utc_ms);
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", t->year, t->month, t->day, t->hour,
                  t->minute);
    return std::string(buf) + " (" + zone + ")";
}

// Answers 409 (naming the room) when `e` overlaps another event in one of its rooms within
// the horizon, 503 when the Store cannot list; otherwise runs `next`.
void check_overlaps(const EventRouteDeps& d, const Event& e, const Respond& respond,
                    std::function<void()> next) {
    const std::int64_t now = d.clock.unix_ms();
    d.store.list(
        std::string(event_kind), std::nullopt,
        [e, now, respond, next = std::move(next)](StoreResult r, std::vector<StoreRecord> all) {
            if (r != StoreResult::ok) {
                respond(api::error(ErrorCode::service_degraded));
                return;
            }
            for (const StoreRecord& rec : all) {
                if (rec.id == e.id) {
                    continue;
                }
                const auto other = event_from_record(rec);
                std::int64_t at = 0;
                if (!other || !windows_clash(e, *other, now, now + overlap_horizon_ms, &at)) {
                    continue;
                }
                std::size_t i = 0;
                while (i + 1 < e.rooms.size() &&
                       std::none_of(other->rooms.begin(), other->rooms.end(),
                                    [&](const Track& t) { return t.room == e.rooms[i].room; })) {
                    ++i;
                }
                const std::string title =
                    other->title.ja.empty() ? other->title.en : other->title.ja;
                respond(api::error(ErrorCode::conflict,
                                   "The room is taken then: it overlaps \"" + title + "\" on " +
                                       local_label(at, other->zone) + ".",
                                   "rooms[" + std::to_string(i) + "].room"));
                return;
            }
            next();
        });
}

// Reads the path's event of the path's organisation: 404 for none (or another's), 503.
void load_event(const EventRouteDeps& d, const std::string& org, const std::string& id,
                const Respond& respond, std::function<void(Event)> fn) {
    if (!valid_event_id(id)) {
        respond(not_found());
        return;
    }
    d.store.get(std::string(event_kind), id,
                [org, respond, fn = std::move(fn)](StoreResult r, StoreRecord rec) {
                    if (r == StoreResult::not_found || (r == StoreResult::ok && rec.owner != org)) {
                        respond(not_found());
                        return;
                    }
                    if (r != StoreResult::ok) {
                        respond(api::error(ErrorCode::service_degraded));
                        return;
                    }
                    auto e = event_from_record(rec);
                    if (!e) {
                        log::warn("event_record_invalid", {{"id", rec.id}});
                        respond(api::error(ErrorCode::internal_error));
                        return;
                    }
                    fn(std::move(*e));
                });
}

// Writes `e` if the stored version is still `expected` (0: new) and answers with it.
void save(const EventRouteDeps& d, Event e, std::uint64_t expected, int status,
          const Respond& respond, std::function<void(const Event&)> saved) {
    StoreRecord rec;
    rec.kind = std::string(event_kind);
    rec.id = e.id;
    rec.owner = e.org;
    rec.body = api::dump_json(to_json(e));
    d.store.put(std::move(rec), expected,
                [e = std::move(e), status, respond, saved = std::move(saved)](
                    StoreResult r, std::uint64_t version) mutable {
                    if (r == StoreResult::conflict || r == StoreResult::not_found) {
                        respond(api::error(ErrorCode::precondition_failed));
                        return;
                    }
                    if (r != StoreResult::ok) {
                        respond(api::error(ErrorCode::service_degraded));
                        return;
                    }
                    e.version = version;
                    saved(e);
                    Response out = event_answer(status, e);
                    if (status == 201) {
                        out.header("Location", "/api/orgs/" + e.org + "/events/" + e.id);
                    }
                    respond(std::move(out));
                });
}

// Answers 400 naming the first supporter who is not an active staff member of the event's
// organisation: during a window the supporters moderate its rooms, so an id of another
// organisation's staff must never get in. 503 when the Store cannot list; else runs `next`.
void check_supporters(const EventRouteDeps& d, const Event& e, const Respond& respond,
                      std::function<void()> next) {
    const bool any = std::any_of(e.rooms.begin(), e.rooms.end(),
                                 [](const Track& t) { return !t.supporters.empty(); });
    if (!any) {
        next();
        return;
    }
    d.store.list("staff", e.org,
                 [e, respond, next = std::move(next)](StoreResult r, std::vector<StoreRecord> all) {
                     if (r != StoreResult::ok) {
                         respond(api::error(ErrorCode::service_degraded));
                         return;
                     }
                     std::vector<std::string> active;
                     for (const StoreRecord& rec : all) {
                         const auto a = staff::parse_account(rec.body, rec.id, rec.version);
                         if (a && a->active) {
                             active.push_back(a->id);
                         }
                     }
                     for (std::size_t i = 0; i < e.rooms.size(); ++i) {
                         const auto& ids = e.rooms[i].supporters;
                         for (std::size_t k = 0; k < ids.size(); ++k) {
                             if (std::find(active.begin(), active.end(), ids[k]) == active.end()) {
                                 respond(api::bad_field(
                                     "rooms[" + std::to_string(i) + "].supporters[" +
                                         std::to_string(k) + "]",
                                     "This organisation has no active staff member with this "
                                     "id."));
                                 return;
                             }
                         }
                     }
                     next();
                 });
}

// Parses and checks a body for event `id` of `org` in the organisation's zone: answers 400
// itself (rooms and supporters checked too), else runs `fn` with the event (id and org set).
void parse_body(const EventRouteDeps& d, const Request& req, std::string org, std::string id,
                const Respond& respond, std::function<void(Event)> fn) {
    if (!req.json.is_object()) {
        respond(api::bad_field("", "The body must be an event object."));
        return;
    }
    org_zone(d.store, org,
             [d, body = req.json, org, id, respond, fn = std::move(fn)](std::string zone) {
                 Event e;
                 ParseOptions opts;
                 opts.org_zone = std::move(zone);
                 if (auto p = parse_event(body, e, opts)) {
                     respond(api::bad_field(p->field, p->message));
                     return;
                 }
                 e.id = id;
                 e.org = org;
                 if (auto bad = check_rooms(d.catalog, e)) {
                     respond(std::move(*bad));
                     return;
                 }
                 check_supporters(d, e, respond, [e, fn] { fn(e); });
             });
}

std::optional<std::uint64_t> expected_version(const Request& req, const Event& stored,
                                              const Respond& respond) {
    const auto m = api::if_match_version(req);
    if (!m || (*m != Store::any_version && *m != stored.version)) {
        respond(api::error(ErrorCode::precondition_failed));
        return std::nullopt;
    }
    // Without If-Match the write still may not overwrite a change made since this read.
    return stored.version;
}

void list_events(const EventRouteDeps& d, const Request& req, const api::Params& params,
                 const Respond& respond) {
    Response refusal;
    const auto page = api::page_query(req, refusal);
    if (!page) {
        respond(std::move(refusal));
        return;
    }
    with_member(
        d, req, params, respond, false, [d, respond, page = *page](staff::StaffIdentity who) {
            d.store.list(std::string(event_kind), who.org,
                         [respond, page](StoreResult r, std::vector<StoreRecord> all) {
                             if (r != StoreResult::ok) {
                                 respond(api::error(ErrorCode::service_degraded));
                                 return;
                             }
                             respond(Response::of(
                                 200, api::page_of_records(all, page, [](const StoreRecord& rec) {
                                     const auto e = event_from_record(rec);
                                     return e ? std::optional<json>(to_json(*e)) : std::nullopt;
                                 })));
                         });
        });
}

void create_event(const EventRouteDeps& d, const Request& req, const api::Params& params,
                  const Respond& respond) {
    with_member(d, req, params, respond, true, [d, req, respond](staff::StaffIdentity who) {
        parse_body(d, req, who.org, new_event_id(), respond, [d, respond, who](Event e) {
            check_overlaps(d, e, respond, [d, respond, who, e] {
                save(d, e, 0, 201, respond,
                     [d, who](const Event& saved) { audit(d, who, "event_create", saved); });
            });
        });
    });
}

void get_event(const EventRouteDeps& d, const Request& req, const api::Params& params,
               const Respond& respond) {
    with_member(d, req, params, respond, false,
                [d, respond, id = std::string(params.get("id"))](staff::StaffIdentity who) {
                    load_event(d, who.org, id, respond,
                               [respond](Event e) { respond(event_answer(200, e)); });
                });
}

void put_event(const EventRouteDeps& d, const Request& req, const api::Params& params,
               const Respond& respond) {
    with_member(d, req, params, respond, true,
                [d, req, respond, id = std::string(params.get("id"))](staff::StaffIdentity who) {
                    load_event(d, who.org, id, respond, [d, req, respond, who](Event stored) {
                        const auto expected = expected_version(req, stored, respond);
                        if (!expected) {
                            return;
                        }
                        parse_body(
                            d, req, who.org, stored.id, respond,
                            [d, respond, who, expected = *expected](Event e) {
                                check_overlaps(d, e, respond, [d, respond, who, e, expected] {
                                    save(d, e, expected, 200, respond, [d, who](const Event& s) {
                                        audit(d, who, "event_update", s);
                                    });
                                });
                            });
                    });
                });
}

void delete_event(const EventRouteDeps& d, const Request& req, const api::Params& params,
                  const Respond& respond) {
    with_member(d, req, params, respond, true,
                [d, req, respond, id = std::string(params.get("id"))](staff::StaffIdentity who) {
                    load_event(d, who.org, id, respond, [d, req, respond, who](Event stored) {
                        const auto expected = expected_version(req, stored, respond);
                        if (!expected) {
                            return;
                        }
                        d.store.remove(std::string(event_kind), stored.id, *expected,
                                       [d, respond, who, stored](StoreResult r) {
                                           if (r == StoreResult::conflict) {
                                               respond(api::error(ErrorCode::precondition_failed));
                                               return;
                                           }
                                           if (r == StoreResult::not_found) {
                                               respond(not_found());
                                               return;
                                           }
                                           if (r != StoreResult::ok) {
                                               respond(api::error(ErrorCode::service_degraded));
                                               return;
                                           }
                                           audit(d, who, "event_delete", stored);
                                           respond(Response::json(204, ""));
                                       });
                    });
                });
}

// Cancels (or, with `restore`, brings back) the one occurrence starting at the body's "start".
void set_cancelled(const EventRouteDeps& d, const Request& req, const api::Params& params,
                   const Respond& respond, bool restore) {
    std::int64_t start = 0;
    const json& body = req.json;
    const auto parsed = body.is_object() && body.contains("start") && body["start"].is_string()
                            ? parse_rfc3339(body["start"].get_ref<const std::string&>())
                            : std::nullopt;
    if (!parsed) {
        respond(api::bad_field("start", "start must be the occurrence's start (RFC 3339)."));
        return;
    }
    start = *parsed;
    with_member(
        d, req, params, respond, true,
        [d, req, respond, restore, start,
         id = std::string(params.get("id"))](staff::StaffIdentity who) {
            load_event(d, who.org, id, respond, [d, req, respond, restore, start, who](Event e) {
                const auto expected = expected_version(req, e, respond);
                if (!expected) {
                    return;
                }
                if (!occurrence_at(e, start)) {
                    respond(api::error(ErrorCode::not_found,
                                       "The event has no occurrence starting then.", "start"));
                    return;
                }
                auto& c = e.cancelled_ms;
                const auto at = std::lower_bound(c.begin(), c.end(), start);
                const bool is_cancelled = at != c.end() && *at == start;
                if (is_cancelled != restore) {
                    respond(event_answer(200, e));  // already so: nothing to write
                    return;
                }
                if (restore) {
                    c.erase(at);
                } else {
                    c.insert(at, start);
                }
                const char* action = restore ? "event_uncancel" : "event_cancel";
                auto write = [d, respond, who, e, expected = *expected, action] {
                    save(d, e, expected, 200, respond,
                         [d, who, action](const Event& s) { audit(d, who, action, s); });
                };
                // A restored occurrence may meet an event made since it was cancelled.
                if (restore) {
                    check_overlaps(d, e, respond, write);
                } else {
                    write();
                }
            });
        });
}

}  // namespace

void org_zone(Store& store, const std::string& org, std::function<void(std::string)> done) {
    store.get("org", org, [done = std::move(done)](StoreResult r, StoreRecord rec) {
        if (r == StoreResult::ok) {
            const json body = json::parse(rec.body, nullptr, false);
            if (body.is_object() && body.contains("zone") && body["zone"].is_string() &&
                valid_zone(body["zone"].get<std::string>())) {
                done(body["zone"].get<std::string>());
                return;
            }
        }
        done(std::string(default_zone));
    });
}

void add_event_routes(api::Router& router, EventRouteDeps deps) {
    using api::Method;
    using api::Params;
    router.add(Method::get, "/api/orgs/:org/events", "events.list",
               [deps](const Request& req, const Params& p, Respond respond) {
                   list_events(deps, req, p, respond);
               });
    router.add(Method::post, "/api/orgs/:org/events", "events.create",
               [deps](const Request& req, const Params& p, Respond respond) {
                   create_event(deps, req, p, respond);
               });
    router.add(Method::get, "/api/orgs/:org/events/:id", "events.get",
               [deps](const Request& req, const Params& p, Respond respond) {
                   get_event(deps, req, p, respond);
               });
    router.add(Method::put, "/api/orgs/:org/events/:id", "events.put",
               [deps](const Request& req, const Params& p, Respond respond) {
                   put_event(deps, req, p, respond);
               });
    router.add(Method::del, "/api/orgs/:org/events/:id", "events.delete",
               [deps](const Request& req, const Params& p, Respond respond) {
                   delete_event(deps, req, p, respond);
               });
    router.add(Method::post, "/api/orgs/:org/events/:id/cancel", "events.cancel",
               [deps](const Request& req, const Params& p, Respond respond) {
                   set_cancelled(deps, req, p, respond, false);
               });
    router.add(Method::post, "/api/orgs/:org/events/:id/uncancel", "events.uncancel",
               [deps](const Request& req, const Params& p, Respond respond) {
                   set_cancelled(deps, req, p, respond, true);
               });
}

}  // namespace ibasho::events
