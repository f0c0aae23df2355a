#include "server/api/org_routes.hpp"

#include <memory>

#include "server/api/errors.hpp"
#include "server/api/page.hpp"
#include "server/api/staff_guard.hpp"
#include "server/api/versioned_record.hpp"
#include "server/clock.hpp"
#include "server/log.hpp"
#include "server/staff/audit_log.hpp"
#include "server/staff/staff_accounts.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/org_records.hpp"

namespace ibasho::api {
namespace {

using nlohmann::json;
using staff::StaffIdentity;

bool is_operator(const StaffIdentity& who) {
    return who.role == moderation::Role::operator_;
}

Response no_such_org() {
    return error(ErrorCode::not_found, "There is no such organisation.");
}

Response answer(int status, const Org& org) {
    Response out = Response::of(status, org_view(org));
    out.header("ETag", etag_of(org.version));
    return out;
}

void audit(const OrgDeps& d, const StaffIdentity& who, const char* action, const std::string& org) {
    staff::AuditEntry entry;
    entry.staff_name = who.name;
    entry.action = action;
    // An operator's action is the organisation's record too: its organisers see it.
    entry.org = org;
    staff::record_audit(d.store, d.clock, entry, [action](bool ok) {
        if (!ok) {
            log::warn("audit_not_written", {{"action", action}});
        }
    });
}

void list_orgs(const OrgDeps& d, const Request& req, const Respond& respond) {
    Response refusal;
    const auto page = page_query(req, refusal);
    if (!page) {
        respond(std::move(refusal));
        return;
    }
    with_staff(d.auth, req, respond, [d, respond, page = *page](StaffIdentity who) {
        d.store.list(org_kind, std::nullopt,
                     [respond, page, who](StoreResult r, std::vector<StoreRecord> records) {
                         if (r != StoreResult::ok) {
                             respond(error(ErrorCode::service_degraded));
                             return;
                         }
                         respond(Response::of(
                             200, page_of_records(records, page, [&who](const StoreRecord& rec) {
                                 auto org = is_operator(who) || rec.id == who.org ? parse_org(rec)
                                                                                  : std::nullopt;
                                 return org ? std::optional<json>(org_view(*org)) : std::nullopt;
                             })));
                     });
    });
}

void create_org(const OrgDeps& d, const Request& req, const Respond& respond) {
    with_staff(d.auth, req, respond, [d, respond, body = req.json](StaffIdentity who) {
        if (!is_operator(who)) {
            respond(error(ErrorCode::forbidden, "Only the deployment's operators may do this."));
            return;
        }
        Org org;
        const auto id = body.is_object() ? body.find("id") : body.end();
        if (!body.is_object() || id == body.end() || !id->is_string() ||
            !valid_org_id(id->get<std::string>())) {
            respond(bad_field("id", "id must match ^[a-z0-9][a-z0-9-]{1,31}$"));
            return;
        }
        org.id = id->get<std::string>();
        if (auto problem = apply_org_fields(body, org, true)) {
            respond(bad_field(problem->field, problem->message));
            return;
        }
        org.created_ms = d.clock.unix_ms();
        StoreRecord rec{org_kind, org.id, "", 0, org_body(org), {}};
        d.store.put(std::move(rec), 0,
                    [d, respond, org, who](StoreResult r, std::uint64_t version) mutable {
                        if (r == StoreResult::conflict) {
                            respond(error(ErrorCode::conflict,
                                          "An organisation with this id exists.", "id"));
                            return;
                        }
                        if (r != StoreResult::ok) {
                            respond(error(ErrorCode::service_degraded));
                            return;
                        }
                        org.version = version;
                        audit(d, who, "org_create", org.id);
                        respond(answer(201, org));
                    });
    });
}

// Reads organisation `id` for `who`: another organisation's is 404, as is an unknown one.
void with_org(const OrgDeps& d, const StaffIdentity& who, const std::string& id,
              const Respond& respond, std::function<void(Org)> fn) {
    if ((!is_operator(who) && who.org != id) || !valid_org_id(id)) {
        respond(no_such_org());
        return;
    }
    d.store.get(org_kind, id, [respond, fn = std::move(fn)](StoreResult r, StoreRecord rec) {
        if (r == StoreResult::not_found) {
            respond(no_such_org());
            return;
        }
        auto org = r == StoreResult::ok ? parse_org(rec) : std::nullopt;
        if (!org) {
            respond(error(ErrorCode::service_degraded));
            return;
        }
        fn(std::move(*org));
    });
}

void get_org(const OrgDeps& d, const Request& req, const std::string& id, const Respond& respond) {
    with_staff(d.auth, req, respond, [d, respond, id](StaffIdentity who) {
        with_org(d, who, id, respond, [respond](Org org) { respond(answer(200, org)); });
    });
}

void put_org(const OrgDeps& d, const Request& req, const std::string& id, const Respond& respond) {
    const auto expected = if_match_version(req);
    with_staff(
        d.auth, req, respond, [d, respond, id, expected, body = req.json](StaffIdentity who) {
            with_org(d, who, id, respond, [d, respond, expected, body, who](Org org) {
                if (!is_operator(who) && !who.organiser_of(org.id)) {
                    respond(error(ErrorCode::forbidden, "Only organisers may do this."));
                    return;
                }
                if (!expected) {
                    respond(error(ErrorCode::precondition_failed));
                    return;
                }
                if (body.is_object() && body.contains("id") && body["id"] != org.id) {
                    respond(bad_field("id", "id cannot change."));
                    return;
                }
                if (auto problem = apply_org_fields(body, org, false)) {
                    respond(bad_field(problem->field, problem->message));
                    return;
                }
                const std::uint64_t version =
                    *expected == Store::any_version ? org.version : *expected;
                StoreRecord rec{org_kind, org.id, "", 0, org_body(org), {}};
                d.store.put(std::move(rec), version,
                            [d, respond, org, who](StoreResult r, std::uint64_t v) mutable {
                                if (r == StoreResult::conflict || r == StoreResult::not_found) {
                                    respond(error(ErrorCode::precondition_failed));
                                    return;
                                }
                                if (r != StoreResult::ok) {
                                    respond(error(ErrorCode::service_degraded));
                                    return;
                                }
                                org.version = v;
                                audit(d, who, "org_update", org.id);
                                respond(answer(200, org));
                            });
            });
        });
}

// Calls `fn(true)` when the organisation still holds records of `kind`.
void holds_any(Store& store, const char* kind, const std::string& org, const Respond& respond,
               std::function<void(bool)> fn) {
    store.list(kind, org,
               [respond, fn = std::move(fn)](StoreResult r, std::vector<StoreRecord> records) {
                   if (r != StoreResult::ok) {
                       respond(error(ErrorCode::service_degraded));
                       return;
                   }
                   fn(!records.empty());
               });
}

void delete_org(const OrgDeps& d, const Request& req, const std::string& id,
                const Respond& respond) {
    const auto expected = if_match_version(req);
    with_staff(d.auth, req, respond, [d, respond, id, expected](StaffIdentity who) {
        with_org(d, who, id, respond, [d, respond, expected, who](Org org) {
            if (!is_operator(who)) {
                respond(
                    error(ErrorCode::forbidden, "Only the deployment's operators may do this."));
                return;
            }
            if (!expected) {
                respond(error(ErrorCode::precondition_failed));
                return;
            }
            if (org.id == main_org_id) {
                respond(error(ErrorCode::conflict, "The organisation \"main\" always exists."));
                return;
            }
            auto remove = [d, respond, org, who, expected] {
                const std::uint64_t version =
                    *expected == Store::any_version ? org.version : *expected;
                d.store.remove(org_kind, org.id, version, [d, respond, org, who](StoreResult r) {
                    if (r == StoreResult::conflict || r == StoreResult::not_found) {
                        respond(error(ErrorCode::precondition_failed));
                    } else if (r != StoreResult::ok) {
                        respond(error(ErrorCode::service_degraded));
                    } else {
                        audit(d, who, "org_delete", org.id);
                        respond(Response{204, {}, {}});
                    }
                });
            };
            const auto in_use = [respond](const char* what) {
                respond(error(ErrorCode::conflict,
                              std::string("The organisation still has ") + what + "."));
            };
            holds_any(d.store, "room", org.id, respond, [=](bool rooms) {
                if (rooms) {
                    in_use("rooms");
                    return;
                }
                holds_any(d.store, "event", org.id, respond, [=](bool events) {
                    if (events) {
                        in_use("events");
                        return;
                    }
                    holds_any(d.store, "help_entry", org.id, respond, [=](bool entries) {
                        if (entries) {
                            in_use("help entries");
                            return;
                        }
                        d.accounts.list(
                            org.id, [=](staff::AccountResult r, std::vector<staff::Account> staff) {
                                if (r != staff::AccountResult::ok) {
                                    respond(error(ErrorCode::service_degraded));
                                } else if (!staff.empty()) {
                                    in_use("staff accounts");
                                } else {
                                    remove();
                                }
                            });
                    });
                });
            });
        });
    });
}

}  // namespace

void add_org_routes(Router& router, OrgDeps deps) {
    router.add(Method::get, "/api/orgs", "orgs.list",
               [deps](const Request& req, const Params&, Respond respond) {
                   list_orgs(deps, req, respond);
               });
    router.add(Method::post, "/api/orgs", "orgs.create",
               [deps](const Request& req, const Params&, Respond respond) {
                   create_org(deps, req, respond);
               });
    router.add(Method::get, "/api/orgs/:org", "orgs.get",
               [deps](const Request& req, const Params& p, Respond respond) {
                   get_org(deps, req, std::string(p.get("org")), respond);
               });
    router.add(Method::put, "/api/orgs/:org", "orgs.put",
               [deps](const Request& req, const Params& p, Respond respond) {
                   put_org(deps, req, std::string(p.get("org")), respond);
               });
    router.add(Method::del, "/api/orgs/:org", "orgs.delete",
               [deps](const Request& req, const Params& p, Respond respond) {
                   delete_org(deps, req, std::string(p.get("org")), respond);
               });
}

}  // namespace ibasho::api
