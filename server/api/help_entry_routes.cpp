#include "server/api/help_entry_routes.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "server/api/errors.hpp"
#include "server/api/page.hpp"
#include "server/api/staff_guard.hpp"
#include "server/api/versioned_record.hpp"
#include "server/log.hpp"
#include "server/staff/audit_log.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/help_entries.hpp"
#include "server/store/store.hpp"

namespace ibasho::api {
namespace {

using json = nlohmann::json;

Response not_found() {
    return error(ErrorCode::not_found, "No such help entry.");
}

void audit(const HelpEntryDeps& d, const staff::StaffIdentity& who, const char* action) {
    staff::AuditEntry entry;
    entry.staff_name = who.name;
    entry.action = action;
    entry.org = who.org;
    staff::record_audit(d.store, d.clock, entry, [action](bool ok) {
        if (!ok) {
            log::warn("audit_not_written", {{"action", action}});
        }
    });
}

Response entry_answer(int status, const StoreRecord& record) {
    Response r = Response::of(status, help_entry_view(record));
    r.header("ETag", etag_of(record.version));
    return r;
}

// The caller, when they are staff of `org` (and, with `write`, one of its organisers).
void with_org_staff(const HelpEntryDeps& d, const Request& req, const Params& p,
                    const Respond& respond, bool write, StaffHandler fn) {
    api::with_org_staff(d.auth, req, std::string(p.get("org")), respond,
                        write ? OrgDoor::organisers : OrgDoor::staff,
                        "Only organisers may do this.", std::move(fn));
}

void list_entries(const HelpEntryDeps& d, const Request& req, const Params& p,
                  const Respond& respond) {
    Response refusal;
    const auto page = page_query(req, refusal);
    if (!page) {
        respond(std::move(refusal));
        return;
    }
    with_org_staff(d, req, p, respond, false, [d, respond, page = *page](staff::StaffIdentity who) {
        d.store.list(
            help_entry_kind, who.org, [respond, page](StoreResult r, std::vector<StoreRecord> all) {
                if (r != StoreResult::ok) {
                    respond(error(ErrorCode::service_degraded));
                    return;
                }
                respond(Response::of(200, page_of_records(all, page, [](const StoreRecord& rec) {
                                         return std::optional<json>(help_entry_view(rec));
                                     })));
            });
    });
}

void create_entry(const HelpEntryDeps& d, const Request& req, const Params& p,
                  const Respond& respond) {
    with_org_staff(
        d, req, p, respond, true, [d, respond, body = req.json](staff::StaffIdentity who) {
            const CleanHelpEntry clean = clean_help_entry(body);
            if (clean.problem) {
                respond(bad_field(clean.problem->field, clean.problem->message));
                return;
            }
            StoreRecord rec;
            rec.kind = help_entry_kind;
            rec.id = new_help_entry_id();
            rec.owner = who.org;
            rec.body = *clean.body;
            d.store.put(rec, 0,
                        [d, respond, rec, who](StoreResult r, std::uint64_t version) mutable {
                            if (r != StoreResult::ok) {
                                respond(error(ErrorCode::service_degraded));
                                return;
                            }
                            rec.version = version;
                            audit(d, who, "help_entry_create");
                            Response out = entry_answer(201, rec);
                            out.header("Location", "/api/orgs/" + rec.owner + "/help/" + rec.id);
                            respond(std::move(out));
                        });
        });
}

// Reads the entry `:id` of the caller's organisation and hands it on; answers 404 itself for an
// entry that does not exist or belongs to another organisation.
void with_entry(const HelpEntryDeps& d, const Params& p, const Respond& respond,
                const staff::StaffIdentity& who, std::function<void(StoreRecord)> fn) {
    const std::string id(p.get("id"));
    if (!is_help_entry_id(id)) {
        respond(not_found());
        return;
    }
    d.store.get(help_entry_kind, id,
                [respond, org = who.org, fn = std::move(fn)](StoreResult r, StoreRecord rec) {
                    if (r == StoreResult::not_found || (r == StoreResult::ok && rec.owner != org)) {
                        respond(not_found());
                        return;
                    }
                    if (r != StoreResult::ok) {
                        respond(error(ErrorCode::service_degraded));
                        return;
                    }
                    fn(std::move(rec));
                });
}

void get_entry(const HelpEntryDeps& d, const Request& req, const Params& p,
               const Respond& respond) {
    with_org_staff(d, req, p, respond, false, [d, p, respond](staff::StaffIdentity who) {
        with_entry(d, p, respond, who,
                   [respond](StoreRecord rec) { respond(entry_answer(200, rec)); });
    });
}

void put_entry(const HelpEntryDeps& d, const Request& req, const Params& p,
               const Respond& respond) {
    const std::optional<std::uint64_t> expected = if_match_version(req);
    if (!expected) {
        respond(error(ErrorCode::precondition_failed));
        return;
    }
    with_org_staff(
        d, req, p, respond, true,
        [d, p, respond, expected = *expected, body = req.json](staff::StaffIdentity who) {
            const CleanHelpEntry clean = clean_help_entry(body);
            if (clean.problem) {
                respond(bad_field(clean.problem->field, clean.problem->message));
                return;
            }
            with_entry(d, p, respond, who,
                       [d, respond, expected, who, text = *clean.body](StoreRecord rec) {
                           // Without If-Match, the write is still checked against the version
                           // read here, so an entry moved to another owner meanwhile is safe.
                           const std::uint64_t want =
                               expected == Store::any_version ? rec.version : expected;
                           if (want != rec.version) {
                               respond(error(ErrorCode::precondition_failed));
                               return;
                           }
                           rec.body = text;
                           d.store.put(
                               rec, want,
                               [d, respond, rec, who](StoreResult r, std::uint64_t v) mutable {
                                   if (r == StoreResult::conflict || r == StoreResult::not_found) {
                                       respond(error(ErrorCode::precondition_failed));
                                       return;
                                   }
                                   if (r != StoreResult::ok) {
                                       respond(error(ErrorCode::service_degraded));
                                       return;
                                   }
                                   rec.version = v;
                                   audit(d, who, "help_entry_update");
                                   respond(entry_answer(200, rec));
                               });
                       });
        });
}

void delete_entry(const HelpEntryDeps& d, const Request& req, const Params& p,
                  const Respond& respond) {
    const std::optional<std::uint64_t> expected = if_match_version(req);
    if (!expected) {
        respond(error(ErrorCode::precondition_failed));
        return;
    }
    with_org_staff(
        d, req, p, respond, true, [d, p, respond, expected = *expected](staff::StaffIdentity who) {
            with_entry(d, p, respond, who, [d, respond, expected, who](StoreRecord rec) {
                const std::uint64_t want = expected == Store::any_version ? rec.version : expected;
                if (want != rec.version) {
                    respond(error(ErrorCode::precondition_failed));
                    return;
                }
                d.store.remove(help_entry_kind, rec.id, want, [d, respond, who](StoreResult r) {
                    if (r == StoreResult::conflict || r == StoreResult::not_found) {
                        respond(error(ErrorCode::precondition_failed));
                        return;
                    }
                    if (r != StoreResult::ok) {
                        respond(error(ErrorCode::service_degraded));
                        return;
                    }
                    audit(d, who, "help_entry_delete");
                    respond(Response{204, {}, {}});
                });
            });
        });
}

}  // namespace

void add_help_entry_routes(Router& router, HelpEntryDeps deps) {
    router.add(Method::get, "/api/orgs/:org/help", "help_entries.list",
               [deps](const Request& req, const Params& p, Respond respond) {
                   list_entries(deps, req, p, respond);
               });
    router.add(Method::post, "/api/orgs/:org/help", "help_entries.create",
               [deps](const Request& req, const Params& p, Respond respond) {
                   create_entry(deps, req, p, respond);
               });
    router.add(Method::get, "/api/orgs/:org/help/:id", "help_entries.get",
               [deps](const Request& req, const Params& p, Respond respond) {
                   get_entry(deps, req, p, respond);
               });
    router.add(Method::put, "/api/orgs/:org/help/:id", "help_entries.put",
               [deps](const Request& req, const Params& p, Respond respond) {
                   put_entry(deps, req, p, respond);
               });
    router.add(Method::del, "/api/orgs/:org/help/:id", "help_entries.delete",
               [deps](const Request& req, const Params& p, Respond respond) {
                   delete_entry(deps, req, p, respond);
               });
}

}  // namespace ibasho::api
