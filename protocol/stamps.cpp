#include "protocol/messages.hpp"

#include <algorithm>
#include <array>

namespace ibasho::protocol {
namespace {

constexpr std::array<std::string_view, 4> keys{"like", "wakaru", "thanks", "hug"};

}  // namespace

std::span<const std::string_view> stamp_keys() noexcept {
    return keys;
}

bool is_stamp(std::string_view key) noexcept {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace ibasho::protocol
