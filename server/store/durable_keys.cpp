#include "server/store/durable_keys.hpp"

namespace ibasho::durable_keys {

bool may_live_without_ttl(std::string_view prefix, std::string_view key) {
    if (!key.starts_with(prefix))
        return false;
    key.remove_prefix(prefix.size());
    for (auto family : families) {
        // A family name alone is not a key: something must follow it.
        if (key.size() > family.size() && key.starts_with(family))
            return true;
    }
    return false;
}

}  // namespace ibasho::durable_keys
