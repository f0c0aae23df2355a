// The reminder templates staff pick from (Store kind `reminders`, id `default`), seeded from
// the shipped moderation/data/reminders.json the first time one is needed.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "protocol/server_messages.hpp"
#include "server/store/store.hpp"

namespace ibasho::chat {

inline constexpr const char* reminders_kind = "reminders";
inline constexpr const char* reminders_id = "default";

// The shipped file's text, compiled in.
extern const char* const shipped_reminders_json;

// The template `id` in Japanese and English; nullopt when there is no such template. Seeds
// the Store's list from the shipped file when it has none (compare-and-set: once).
void find_reminder(Store& store, const std::string& id,
                   std::function<void(std::optional<protocol::LocalizedText>)> done);

// The template out of a `reminders` body; nullopt when absent or unreadable.
std::optional<protocol::LocalizedText> reminder_in(const std::string& body, const std::string& id);

}  // namespace ibasho::chat
