#include "server/chat/redis_session_registry.hpp"

#include <openssl/sha.h>
#include <nlohmann/json.hpp>

#include <cstdio>

#include "server/random_token.hpp"

namespace ibasho::chat {

RedisSessionRegistry::RedisSessionRegistry(redis::Node& node, std::chrono::seconds ttl)
    : node_(node), ttl_(ttl) {}

std::string RedisSessionRegistry::key_of(const std::string& token) const {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
    std::string key = node_.prefix() + "s:";
    char hex[3];
    for (int i = 0; i < 16; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", digest[i]);
        key += hex;
    }
    return key;
}

std::string RedisSessionRegistry::serialise(const SessionRecord& record) {
    nlohmann::json seats = nlohmann::json::array();
    for (const auto& s : record.seats) {
        nlohmann::json seat{
            {"r", s.room}, {"m", s.member}, {"n", s.nick}, {"l", s.listening}, {"a", s.affirmed}};
        if (s.spoke) {
            seat["w"] = true;  // only when set: records written before issue 13 read the same
        }
        seats.push_back(std::move(seat));
    }
    return nlohmann::json{{"seats", seats}}.dump();
}

std::optional<SessionRecord> RedisSessionRegistry::parse(const std::string& token,
                                                         std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("seats") || !j["seats"].is_array()) {
        return std::nullopt;
    }
    SessionRecord rec;
    rec.token = token;
    for (const auto& s : j["seats"]) {
        if (!s.is_object())
            continue;
        Seat seat;
        seat.room = s.value("r", "");
        seat.member = s.value("m", "");
        seat.nick = s.value("n", "");
        seat.listening = s.value("l", false);
        seat.affirmed = s.value("a", false);
        seat.spoke = s.value("w", false);
        if (!seat.room.empty() && !seat.member.empty()) {
            rec.seats.push_back(std::move(seat));
        }
    }
    return rec;
}

void RedisSessionRegistry::create(Done done) {
    SessionRecord rec;
    rec.token = new_session_token();
    node_.post([this, rec = std::move(rec), done = std::move(done)]() mutable {
        const std::string key = key_of(rec.token);
        const std::string value = serialise(rec);
        const std::string ttl = std::to_string(ttl_.count());
        node_.commands().command({"SET", key, value, "EX", ttl},
                                 [rec, done = std::move(done)](const redisReply* r) {
                                     if (redis::is_error(r)) {
                                         done(Fault::unavailable, std::nullopt);
                                         return;
                                     }
                                     done(Fault::none, rec);
                                 });
    });
}

void RedisSessionRegistry::resume(const std::string& token, Done done) {
    node_.post([this, token, done = std::move(done)]() mutable {
        const std::string key = key_of(token);
        const std::string ttl = std::to_string(ttl_.count());
        // GETEX reads and refreshes the idle TTL in one step.
        node_.commands().command({"GETEX", key, "EX", ttl},
                                 [token, done = std::move(done)](const redisReply* r) {
                                     if (redis::is_error(r)) {
                                         done(Fault::unavailable, std::nullopt);
                                         return;
                                     }
                                     if (redis::is_nil(r)) {
                                         done(Fault::none, std::nullopt);
                                         return;
                                     }
                                     done(Fault::none, parse(token, redis::as_string(r)));
                                 });
    });
}

void RedisSessionRegistry::save(const SessionRecord& record) {
    node_.post([this, key = key_of(record.token), value = serialise(record)] {
        const std::string ttl = std::to_string(ttl_.count());
        node_.commands().command({"SET", key, value, "EX", ttl}, nullptr);
    });
}

void RedisSessionRegistry::remove(const std::string& token, std::function<void(Fault)> done) {
    node_.post([this, key = key_of(token), done = std::move(done)]() mutable {
        node_.commands().command({"DEL", key}, [done = std::move(done)](const redisReply* r) {
            if (done) {
                done(redis::is_error(r) ? Fault::unavailable : Fault::none);
            }
        });
    });
}

}  // namespace ibasho::chat
