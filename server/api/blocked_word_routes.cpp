#include "server/api/blocked_word_routes.hpp"

#include <nlohmann/json.hpp>

#include "moderation/blocked_words.hpp"
#include "server/api/errors.hpp"
#include "server/api/router.hpp"
#include "server/api/staff_guard.hpp"
#include "server/api/versioned_record.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/log.hpp"
#include "server/staff/audit_log.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/blocked_word_list.hpp"

namespace ibasho::api {
namespace {

using json = nlohmann::json;

// The body as it is stored: the known fields of each entry and nothing else. `doc` has passed
// BlockedWords::validate. Also refuses audiences no rooms file can name: a typo there would
// quietly apply nowhere.
std::optional<Response> clean_list(const json& doc, std::string& out) {
    json entries = json::array();
    for (std::size_t i = 0; i < doc["entries"].size(); ++i) {
        const json& e = doc["entries"][i];
        json kept{{"word", e["word"]}, {"action", e["action"]}};
        if (e.contains("rooms")) {
            kept["rooms"] = e["rooms"];
        }
        if (e.contains("audiences")) {
            for (const json& a : e["audiences"]) {
                if (!chat::is_known_audience(a.get_ref<const std::string&>())) {
                    return bad_field("entries[" + std::to_string(i) + "].audiences",
                                     "Each audience must be one of the rooms file's: open, "
                                     "age_u20, age_20s, age_30s, age_40plus, women, lgbtq, "
                                     "family.");
                }
            }
            kept["audiences"] = e["audiences"];
        }
        entries.push_back(std::move(kept));
    }
    out = json{{"entries", std::move(entries)}}.dump();
    return std::nullopt;
}

void get_list(const BlockedWordDeps& d, const Request& req, const Respond& respond) {
    // Each organisation's list is the record named for it ("main" is blocked_words_id).
    with_organiser(d.auth, req, respond, [d, respond](staff::StaffIdentity who) {
        respond_record(d.store, blocked_words_kind, who.org, shipped_blocked_words_json, respond);
    });
}

void put_list(const BlockedWordDeps& d, const Request& req, const Respond& respond) {
    if (const auto problem = moderation::BlockedWords::validate(req.body)) {
        respond(bad_field(problem->field, problem->message));
        return;
    }
    std::string body;
    if (auto bad = clean_list(req.json, body)) {
        respond(std::move(*bad));
        return;
    }
    const std::optional<std::uint64_t> expected = if_match_version(req);
    if (!expected) {
        respond(error(ErrorCode::precondition_failed));
        return;
    }
    with_organiser(
        d.auth, req, respond, [d, respond, expected = *expected, body](staff::StaffIdentity who) {
            StoreRecord rec;
            rec.kind = blocked_words_kind;
            rec.id = who.org;
            rec.owner = who.org;
            rec.body = body;
            save_record(d.store, std::move(rec), expected, respond, [d, who](std::uint64_t) {
                staff::AuditEntry audit;
                audit.staff_name = who.name;
                audit.action = "blocked_words_put";
                audit.org = who.org;
                staff::record_audit(d.store, d.clock, audit, [](bool ok) {
                    if (!ok) {
                        log::warn("audit_not_written", {{"action", "blocked_words_put"}});
                    }
                });
            });
        });
}

}  // namespace

void add_blocked_word_routes(Router& router, BlockedWordDeps deps) {
    router.add(Method::get, "/api/blocked-words", "blocked_words.get",
               [deps](const Request& req, const Params&, Respond respond) {
                   get_list(deps, req, respond);
               });
    router.add(Method::put, "/api/blocked-words", "blocked_words.put",
               [deps](const Request& req, const Params&, Respond respond) {
                   put_list(deps, req, respond);
               });
}

}  // namespace ibasho::api
