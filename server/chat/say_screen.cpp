#include "server/chat/say_screen.hpp"

#include "moderation/blocked_words.hpp"
#include "moderation/contact_shield.hpp"
#include "moderation/text_fold.hpp"
#include "server/chat/chat_service.hpp"

namespace ibasho::chat {

SayScreen screen_say(ChatService& service, const RoomConfig& room, std::string_view text,
                     bool staff) {
    SayScreen out;
    const auto help = service.help.current();
    auto shielded = moderation::shield_contacts(text, staff ? &help->staff : &help->participants);
    out.text = std::move(shielded.text);
    out.masked = shielded.masked;
    if (staff) {
        return out;
    }
    // The writer's own words are what speak of a crisis, not the masked copy; one fold serves
    // both word lists.
    const std::string folded = moderation::fold_for_matching(text);
    out.crisis = shipped_crisis_lexicon().matches_folded(folded);
    // The room's organisation's own list.
    const auto blocked =
        service.blocked_words.current(room.org)->match(folded, room.id, room.audience);
    if (blocked == moderation::BlockedAction::alert) {
        out.blocked_alert = true;
    } else if (blocked == moderation::BlockedAction::hide) {
        // Rule 6 first: a line that speaks of a crisis is never hidden, whatever the list says
        // (an organisation's own list may hold words a person in crisis uses); staff are
        // alerted of the crisis instead.
        out.blocked_hide = !out.crisis;
        out.blocked_alert = out.crisis;
    }
    return out;
}

}  // namespace ibasho::chat
