#include "server/store/store_roles.hpp"

#include <algorithm>

namespace ibasho::store_roles {

bool is_ephemeral(std::string_view kind) {
    return std::find(ephemeral_kinds.begin(), ephemeral_kinds.end(), kind) != ephemeral_kinds.end();
}

}  // namespace ibasho::store_roles
