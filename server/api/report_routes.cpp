#include "server/api/report_routes.hpp"

#include <cctype>
#include <memory>

#include "protocol/encode_reports.hpp"
#include "protocol/validate.hpp"
#include "server/api/errors.hpp"
#include "server/api/route_pattern.hpp"
#include "server/api/staff_guard.hpp"
#include "server/chat/report_handlers.hpp"
#include "server/chat/report_store.hpp"
#include "server/chat/room_records.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/reason_list.hpp"

namespace ibasho::api {
namespace {

// The `room` of the query, checked: answers 400 itself and returns nullopt when it is wrong.
std::optional<std::string> room_of(const Request& req, const Respond& respond) {
    auto room = query_value(req.query, "room");
    if (!room || !protocol::is_room_id(*room)) {
        respond(bad_field("room", "room must be a room id"));
        return std::nullopt;
    }
    return room;
}

bool is_organiser(const staff::StaffIdentity& who) {
    return who.role == moderation::Role::organiser || who.role == moderation::Role::operator_;
}

void list_reports(const ReportDeps& deps, const Request& req, Respond respond) {
    auto room = room_of(req, respond);
    if (!room) {
        return;
    }
    with_staff(
        deps.auth, req, respond, [deps, respond, room = *room](const staff::StaffIdentity& who) {
            const std::string org = chat::room_org(deps.catalog, room);
            if (org.empty() || (org != who.org && !who.org.empty())) {
                // Another organisation's room, or none: nothing to say about it.
                respond(error(ErrorCode::not_found, "There is no such room."));
                return;
            }
            if (!who.may_moderate(room, org)) {
                respond(error(ErrorCode::forbidden, "You are not staff of this room."));
                return;
            }
            chat::ReportStore(deps.store)
                .reports_of(room, [respond, organiser = is_organiser(who)](
                                      StoreResult r, std::vector<chat::ReportRecord> reports) {
                    if (r != StoreResult::ok) {
                        respond(error(ErrorCode::service_degraded));
                        return;
                    }
                    std::vector<protocol::ReportView> views;
                    for (auto& rep : reports) {
                        if (organiser || rep.view.reason != "operator") {
                            views.push_back(std::move(rep.view));
                        }
                    }
                    respond(Response::json(
                        200, "{\"reports\":" + protocol::encode_reports(views) + "}"));
                });
        });
}

void list_asks(const ReportDeps& deps, const Request& req, Respond respond) {
    auto room = room_of(req, respond);
    if (!room) {
        return;
    }
    with_staff(
        deps.auth, req, respond, [deps, respond, room = *room](const staff::StaffIdentity& who) {
            const std::string org = chat::room_org(deps.catalog, room);
            if (org.empty() || (org != who.org && !who.org.empty())) {
                // Another organisation's room, or none: nothing to say about it.
                respond(error(ErrorCode::not_found, "There is no such room."));
                return;
            }
            if (!who.may_moderate(room, org)) {
                respond(error(ErrorCode::forbidden, "You are not staff of this room."));
                return;
            }
            chat::ReportStore(deps.store)
                .asks_of(room, [respond](StoreResult r, std::vector<chat::AskRecord> asks) {
                    if (r != StoreResult::ok) {
                        respond(error(ErrorCode::service_degraded));
                        return;
                    }
                    // Waiting asks only: an accepted thread is between its two sides.
                    std::vector<protocol::AskView> views;
                    for (const auto& a : asks) {
                        if (!a.open) {
                            views.push_back(a.view());
                        }
                    }
                    respond(Response::json(200, "{\"asks\":" + protocol::encode_asks(views) + "}"));
                });
        });
}

void resolve(const ReportDeps& deps, const Request& req, const Params& params, Respond respond) {
    const std::string id(params.get("id"));
    const auto& body = req.json;
    if (!body.is_object()) {
        respond(bad_field("outcome", "the body must be an object with an outcome"));
        return;
    }
    const auto outcome = body.find("outcome");
    if (outcome == body.end() || !outcome->is_string() ||
        (*outcome != "resolved" && *outcome != "dismissed")) {
        respond(bad_field("outcome", "outcome must be \"resolved\" or \"dismissed\""));
        return;
    }
    std::string reason;
    if (const auto r = body.find("reason"); r != body.end()) {
        if (!r->is_string()) {
            respond(bad_field("reason", "reason must be a code from GET /api/reasons"));
            return;
        }
        reason = r->get<std::string>();
    }
    const bool dismissed = *outcome == "dismissed";
    with_staff(deps.auth, req, respond,
               [deps, respond, id, dismissed, reason](const staff::StaffIdentity& who) {
                   // The caller's organisation's list (its reports are the only ones it sees).
                   if (!reason.empty() && !deps.reasons.listed(who.org, reason)) {
                       respond(bad_field("reason", "reason must be a code from GET /api/reasons"));
                       return;
                   }
                   if (!valid_id(id)) {
                       respond(error(ErrorCode::not_found, "There is no such report."));
                       return;
                   }
                   chat::resolve_report(
                       {deps.store, deps.clock, deps.control, deps.catalog}, who, id, dismissed,
                       reason, [respond, dismissed](chat::ResolveOutcome o) {
                           switch (o) {
                               case chat::ResolveOutcome::done:
                                   respond(Response::of(
                                       200, {{"action", dismissed ? "dismissed" : "resolved"}}));
                                   return;
                               case chat::ResolveOutcome::no_such_report:
                                   respond(error(ErrorCode::not_found, "There is no such report."));
                                   return;
                               case chat::ResolveOutcome::forbidden:
                                   respond(error(ErrorCode::forbidden));
                                   return;
                               case chat::ResolveOutcome::unavailable:
                                   respond(error(ErrorCode::service_degraded));
                                   return;
                           }
                       });
               });
}

}  // namespace

void add_report_routes(Router& router, ReportDeps deps) {
    router.add(Method::get, "/api/reports", "reports.list",
               [deps](const Request& req, const Params&, Respond respond) {
                   list_reports(deps, req, std::move(respond));
               });
    router.add(Method::post, "/api/reports/:id/resolve", "reports.resolve",
               [deps](const Request& req, const Params& params, Respond respond) {
                   resolve(deps, req, params, std::move(respond));
               });
    router.add(Method::get, "/api/asks", "asks.list",
               [deps](const Request& req, const Params&, Respond respond) {
                   list_asks(deps, req, std::move(respond));
               });
}

}  // namespace ibasho::api
