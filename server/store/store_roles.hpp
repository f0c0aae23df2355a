// Which Redis a Store kind lives in: the durable one (AOF on) or the ephemeral one (no
// persistence), so that message text and the address key never reach a file on disk.
#pragma once

#include <array>
#include <string_view>

namespace ibasho::store_roles {

// Kinds that hold message text (`hidden`, `report`, `ask`), link an address or a joiner to a
// moment (`address_key`, `login_fail`, `held`): they expire within hours or days and are kept
// in the ephemeral Redis. An AOF would keep them until its next rewrite, and an old address key
// lingering there would let anyone holding the file link a day's address hashes back to
// addresses (DESIGN.md rules 2 and 3). Losing them when that Redis restarts costs little:
// hiding, open reports and private words end, the key is made anew.
inline constexpr std::array<std::string_view, 6> ephemeral_kinds{
    "hidden", "report", "ask", "held", "address_key", "login_fail"};

// Whether records of `kind` belong in the ephemeral Redis; every other kind is durable.
bool is_ephemeral(std::string_view kind);

}  // namespace ibasho::store_roles
