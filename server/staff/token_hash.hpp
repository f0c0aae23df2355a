// The only form in which a staff token, an invitation code or a login name is stored: the
// SHA-256 of it, in hex. A stolen Store dump holds no usable token.
#pragma once

#include <string>
#include <string_view>

namespace ibasho::staff {

// Lower-case hex of SHA-256(text), 64 characters.
std::string sha256_hex(std::string_view text);

}  // namespace ibasho::staff
