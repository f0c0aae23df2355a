#include "staff_fixture.hpp"

#include <nlohmann/json.hpp>

#include "server/random_token.hpp"
#include "server/staff/digest.hpp"

namespace ibasho::test {

void put_staff(Store& store, const StaffSpec& spec) {
    nlohmann::json body{{"name", spec.name},
                        {"role", spec.role},
                        {"org", spec.org},
                        {"rooms", spec.rooms},
                        {"password", "$argon2id$v=19$m=19456,t=2,p=1$test$test"},
                        {"must_change", spec.must_change},
                        {"active", spec.active},
                        {"created_ms", 0}};
    StoreRecord rec;
    rec.kind = "staff";
    rec.id = spec.id;
    rec.owner = spec.org;
    rec.body = body.dump();
    store.put(std::move(rec), Store::any_version, nullptr);
}

std::string put_staff_token(Store& store, const std::string& staff_id, std::int64_t created_ms) {
    const std::string token = random_base64url(32);
    StoreRecord rec;
    rec.kind = "staff_token";
    rec.id = staff::sha256_hex(token);
    rec.owner = staff_id;
    rec.body =
        nlohmann::json{{"staff", staff_id}, {"created_ms", created_ms}, {"seen_ms", created_ms}}
            .dump();
    rec.ttl = std::chrono::hours(12);
    store.put(std::move(rec), Store::any_version, nullptr);
    return token;
}

}  // namespace ibasho::test
