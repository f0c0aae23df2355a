#include "server/staff/invitations.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "server/random_token.hpp"
#include "server/staff/digest.hpp"
#include "server/staff/staff_account.hpp"

namespace ibasho::staff {
namespace {

constexpr std::string_view kind = "invite";

std::string body_of(const Invite& i) {
    return nlohmann::json{{"role", i.role},
                          {"org", i.org},
                          {"rooms", i.rooms},
                          {"by", i.by},
                          {"created_ms", i.created_ms}}
        .dump();
}

bool parse(const std::string& text, Invite& out) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("role") || !j["role"].is_string() ||
        !valid_role(j["role"].get<std::string>())) {
        return false;
    }
    out.role = j["role"].get<std::string>();
    if (j.contains("org") && j["org"].is_string()) {
        out.org = j["org"].get<std::string>();
    }
    if (j.contains("rooms") && j["rooms"].is_array()) {
        for (const auto& r : j["rooms"]) {
            if (r.is_string()) {
                out.rooms.push_back(r.get<std::string>());
            }
        }
    }
    if (j.contains("by") && j["by"].is_string()) {
        out.by = j["by"].get<std::string>();
    }
    if (j.contains("created_ms") && j["created_ms"].is_number_integer()) {
        out.created_ms = j["created_ms"].get<std::int64_t>();
    }
    return true;
}

}  // namespace

bool looks_like_invite_code(std::string_view code) {
    return code.size() == 22 && std::all_of(code.begin(), code.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
           });
}

void Invitations::create(Invite invite, CreateDone done) {
    std::string code = random_base64url(16);
    invite.created_ms = clock_.unix_ms();
    const std::int64_t expires = invite.created_ms + invite_ttl.count();
    StoreRecord r{std::string(kind), sha256_hex(code), invite.org, 0, body_of(invite), invite_ttl};
    store_.put(std::move(r), 0,
               [code = std::move(code), expires, done = std::move(done)](StoreResult res,
                                                                         std::uint64_t) mutable {
                   if (res != StoreResult::ok) {
                       done(res, {}, 0);
                       return;
                   }
                   done(StoreResult::ok, std::move(code), expires);
               });
}

void Invitations::take(const std::string& code, TakeDone done) {
    if (!looks_like_invite_code(code)) {
        done(StoreResult::not_found, {});
        return;
    }
    store_.get(std::string(kind), sha256_hex(code),
               [this, done = std::move(done)](StoreResult r, StoreRecord rec) mutable {
                   if (r != StoreResult::ok) {
                       done(r == StoreResult::unavailable ? r : StoreResult::not_found, {});
                       return;
                   }
                   Invite invite;
                   if (!parse(rec.body, invite)) {
                       done(StoreResult::not_found, {});
                       return;
                   }
                   invite.ttl_left = rec.ttl;
                   // Removing at the version read is the one-time rule: of two accepts racing, only
                   // one removal matches.
                   store_.remove(
                       rec.kind, rec.id, rec.version,
                       [invite = std::move(invite), done = std::move(done)](StoreResult rr) {
                           if (rr == StoreResult::ok) {
                               done(StoreResult::ok, invite);
                           } else if (rr == StoreResult::unavailable) {
                               done(rr, {});
                           } else {
                               done(StoreResult::not_found, {});
                           }
                       });
               });
}

void Invitations::give_back(const std::string& code, const Invite& invite, Done done) {
    if (invite.ttl_left.count() <= 0) {
        if (done)
            done(StoreResult::ok);
        return;
    }
    StoreRecord r{std::string(kind), sha256_hex(code), invite.org, 0,
                  body_of(invite),   invite.ttl_left};
    store_.put(std::move(r), 0, [done = std::move(done)](StoreResult res, std::uint64_t) {
        if (done)
            done(res);
    });
}

}  // namespace ibasho::staff
