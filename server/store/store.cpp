#include "server/store/store.hpp"

#include <nlohmann/json.hpp>

namespace ibasho {

namespace {

bool id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '~' || c == '@' || c == ':' || c == '-';
}

}  // namespace

std::string_view to_string(StoreResult r) {
    switch (r) {
        case StoreResult::ok:
            return "ok";
        case StoreResult::not_found:
            return "not_found";
        case StoreResult::conflict:
            return "conflict";
        case StoreResult::unavailable:
            return "unavailable";
        case StoreResult::invalid:
            return "invalid";
    }
    return "unknown";
}

// Kinds end up inside Redis key names between ':' separators, so they may not hold one.
bool valid_kind(std::string_view kind) {
    if (kind.empty() || kind.size() > StoreLimits::kind_max)
        return false;
    for (char c : kind) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

// No white space, newline or braces: ids travel newline-separated on the change channel and
// sit inside key names after the store's hash tag.
bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > StoreLimits::id_max)
        return false;
    for (char c : id) {
        if (!id_char(c))
            return false;
    }
    return true;
}

bool valid_owner(std::string_view owner) {
    return owner.empty() || valid_id(owner);
}

bool valid_record(const StoreRecord& r) {
    return valid_kind(r.kind) && valid_id(r.id) && valid_owner(r.owner) && r.ttl.count() >= 0 &&
           !r.body.empty() && r.body.size() <= StoreLimits::body_max &&
           nlohmann::json::accept(r.body);
}

}  // namespace ibasho
