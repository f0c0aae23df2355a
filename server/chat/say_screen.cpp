#include "server/chat/say_screen.hpp"

#include "moderation/contact_shield.hpp"
#include "moderation/text_fold.hpp"
#include "server/chat/chat_service.hpp"

namespace ibasho::chat {

SayScreen screen_say(ChatService& service, const RoomConfig& room, std::string_view text,
                     bool staff) {
    (void)room;
    SayScreen out;
    auto shielded = moderation::shield_contacts(text);
    out.text = std::move(shielded.text);
    out.masked = shielded.masked;
    if (staff) {
        return out;
    }
    // The writer's own words are what speak of a crisis, not the masked copy.
    const std::string folded = moderation::fold_for_matching(text);
    out.crisis = shipped_crisis_lexicon().matches_folded(folded);
    (void)service;
    return out;
}

}  // namespace ibasho::chat
