#include "server/staff/staff_tokens.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <memory>

#include "server/random_token.hpp"
#include "server/staff/digest.hpp"

namespace ibasho::staff {
namespace {

constexpr std::string_view kind = "staff_token";

std::string body_of(const TokenInfo& t) {
    return nlohmann::json{{"staff", t.staff}, {"created_ms", t.created_ms}, {"seen_ms", t.seen_ms}}
        .dump();
}

bool parse_body(const std::string& text, TokenInfo& out) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("staff") || !j["staff"].is_string() ||
        !j.contains("created_ms") || !j["created_ms"].is_number_integer() ||
        !j.contains("seen_ms") || !j["seen_ms"].is_number_integer()) {
        return false;
    }
    out.staff = j["staff"].get<std::string>();
    out.created_ms = j["created_ms"].get<std::int64_t>();
    out.seen_ms = j["seen_ms"].get<std::int64_t>();
    return !out.staff.empty();
}

}  // namespace

std::string token_id(std::string_view token) {
    return sha256_hex(token);
}

bool looks_like_staff_token(std::string_view token) {
    return token.size() == 43 && std::all_of(token.begin(), token.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
           });
}

std::chrono::milliseconds token_ttl(std::int64_t created_ms, std::int64_t now_ms) {
    const std::int64_t left = created_ms + token_absolute.count() - now_ms;
    return std::chrono::milliseconds(std::min<std::int64_t>(token_idle.count(), left));
}

void StaffTokens::issue(const std::string& staff_id, IssueDone done) {
    std::string token = random_base64url(32);
    const std::int64_t now = clock_.unix_ms();
    TokenInfo info{staff_id, now, now, now + token_idle.count()};
    StoreRecord r{std::string(kind), token_id(token), staff_id, 0, body_of(info), token_idle};
    store_.put(std::move(r), 0,
               [token = std::move(token), expires = info.expires_ms, done = std::move(done)](
                   StoreResult res, std::uint64_t) mutable {
                   if (res != StoreResult::ok) {
                       done(res, {}, 0);
                       return;
                   }
                   done(StoreResult::ok, std::move(token), expires);
               });
}

void StaffTokens::check(const std::string& token, CheckDone done) {
    if (!looks_like_staff_token(token)) {
        done(StoreResult::not_found, {});
        return;
    }
    store_.get(std::string(kind), token_id(token),
               [this, done = std::move(done)](StoreResult res, StoreRecord rec) mutable {
                   if (res != StoreResult::ok) {
                       done(res == StoreResult::unavailable ? res : StoreResult::not_found, {});
                       return;
                   }
                   TokenInfo info;
                   if (!parse_body(rec.body, info) || info.staff != rec.owner) {
                       done(StoreResult::not_found, {});
                       return;
                   }
                   const std::int64_t now = clock_.unix_ms();
                   const auto ttl = token_ttl(info.created_ms, now);
                   // The Store expires tokens by itself; these checks only guard against a
                   // record whose expiry was set by an older rule.
                   if (ttl.count() <= 0 || now - info.seen_ms > token_idle.count()) {
                       store_.remove(rec.kind, rec.id, rec.version, nullptr);
                       done(StoreResult::not_found, {});
                       return;
                   }
                   if (now - info.seen_ms < token_touch_interval.count()) {
                       info.expires_ms = now + rec.ttl.count();
                       done(StoreResult::ok, std::move(info));
                       return;
                   }
                   info.seen_ms = now;
                   info.expires_ms = now + ttl.count();
                   rec.body = body_of(info);
                   rec.ttl = ttl;
                   const std::uint64_t version = rec.version;
                   // Two requests refreshing at once: one wins, the other's conflict is fine.
                   store_.put(std::move(rec), version, nullptr);
                   done(StoreResult::ok, std::move(info));
               });
}

void StaffTokens::revoke(const std::string& token, Done done) {
    if (!looks_like_staff_token(token)) {
        done(StoreResult::ok);
        return;
    }
    store_.remove(std::string(kind), token_id(token), Store::any_version,
                  [done = std::move(done)](StoreResult res) {
                      done(res == StoreResult::not_found ? StoreResult::ok : res);
                  });
}

void StaffTokens::revoke_all(const std::string& staff_id, Done done, std::string keep_id) {
    store_.list(
        std::string(kind), staff_id,
        [this, done = std::move(done), keep_id = std::move(keep_id)](
            StoreResult res, std::vector<StoreRecord> records) mutable {
            if (res != StoreResult::ok) {
                done(res);
                return;
            }
            std::erase_if(records, [&](const StoreRecord& r) { return r.id == keep_id; });
            if (records.empty()) {
                done(StoreResult::ok);
                return;
            }
            // One answer once every removal is back: unavailable if any of them was.
            struct Join {
                std::atomic<std::size_t> left;
                std::atomic<bool> failed{false};
                Done done;
            };
            auto join = std::make_shared<Join>();
            join->left = records.size();
            join->done = std::move(done);
            for (const auto& r : records) {
                store_.remove(r.kind, r.id, Store::any_version, [join](StoreResult rr) {
                    if (rr != StoreResult::ok && rr != StoreResult::not_found) {
                        join->failed = true;
                    }
                    if (--join->left == 0) {
                        join->done(join->failed ? StoreResult::unavailable : StoreResult::ok);
                    }
                });
            }
        });
}

}  // namespace ibasho::staff
