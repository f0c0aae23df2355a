#include "server/staff/staff_account.hpp"

#include <nlohmann/json.hpp>

namespace ibasho::staff {

bool valid_role(std::string_view role) {
    return role == role_supporter || role == role_organiser || role == role_operator;
}

std::string account_body(const Account& a) {
    nlohmann::json j{{"name", a.name},         {"role", a.role},
                     {"org", a.org},           {"rooms", a.rooms},
                     {"password", a.password}, {"must_change", a.must_change},
                     {"active", a.active},     {"created_ms", a.created_ms}};
    if (a.totp) {
        j["totp"] = {{"secret", a.totp->secret}, {"enabled", a.totp->enabled}};
    }
    return j.dump();
}

std::optional<Account> parse_account(std::string_view body, std::string id, std::uint64_t version) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) {
        return std::nullopt;
    }
    auto str = [&](const char* key) -> const nlohmann::json* {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? &*it : nullptr;
    };
    auto flag = [&](const char* key, bool fallback) {
        const auto it = j.find(key);
        return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
    };
    const auto* name = str("name");
    const auto* role = str("role");
    const auto* password = str("password");
    if (name == nullptr || role == nullptr || password == nullptr ||
        !valid_role(role->get<std::string>())) {
        return std::nullopt;
    }
    Account a;
    a.id = std::move(id);
    a.version = version;
    a.name = name->get<std::string>();
    a.role = role->get<std::string>();
    a.password = password->get<std::string>();
    if (const auto* org = str("org")) {
        a.org = org->get<std::string>();
    } else if (a.role == role_operator) {
        a.org.clear();
    }
    a.must_change = flag("must_change", false);
    // A record without the flag is not taken for an active account.
    a.active = flag("active", false);
    if (const auto it = j.find("rooms"); it != j.end() && it->is_array()) {
        for (const auto& r : *it) {
            if (r.is_string()) {
                a.rooms.push_back(r.get<std::string>());
            }
        }
    }
    if (const auto it = j.find("totp"); it != j.end() && it->is_object()) {
        const auto s = it->find("secret");
        const auto e = it->find("enabled");
        if (s != it->end() && s->is_string()) {
            a.totp = TotpState{s->get<std::string>(), e != it->end() && e->is_boolean() && *e};
        }
    }
    if (const auto it = j.find("created_ms"); it != j.end() && it->is_number_integer()) {
        a.created_ms = it->get<std::int64_t>();
    }
    return a;
}

nlohmann::json public_view(const Account& a) {
    return {{"id", a.id}, {"name", a.name}, {"role", a.role}, {"org", a.org}, {"rooms", a.rooms}};
}

}  // namespace ibasho::staff
