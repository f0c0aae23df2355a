// Builds the drafts of room events (message, stamp) that the Broker completes with seq and ts,
// so the wire bytes are written once per event and shared by every recipient.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/broker/broker.hpp"

namespace ibasho::chat {

EventDraft message_draft(std::string_view room, std::string_view member, std::string_view nick,
                         std::string_view text, std::string_view client_id,
                         std::string_view badge = {}, bool shielded = false,
                         std::optional<std::uint64_t> re = std::nullopt);

EventDraft stamp_draft(std::string_view room, std::string_view member, std::string_view nick,
                       std::string_view stamp, std::string_view client_id,
                       std::optional<std::uint64_t> on, std::string_view badge = {});

}  // namespace ibasho::chat
