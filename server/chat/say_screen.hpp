// The safety filters over one message before it is published (issue 12): the contact shield,
// the crisis lexicon and (later) the organisation's blocked words, with the text folded once.
#pragma once

#include <string>
#include <string_view>

#include "moderation/crisis_words.hpp"

namespace ibasho::chat {

struct ChatService;
struct RoomConfig;

// The lexicon shipped in moderation/data/, compiled in (crisis_seed.cpp.in).
const moderation::CrisisLexicon& shipped_crisis_lexicon();

struct SayScreen {
    std::string text;            // what the room sees: contact details masked
    bool masked = false;         // the shield replaced something
    bool crisis = false;         // the writer may be in crisis: help card and alert, never a block
    bool blocked_hide = false;   // a blocked word: not shown to others
    bool blocked_alert = false;  // a blocked word: delivered, and the staff alerted

    // Anything beyond masking: the writer and staff hear of it (say_safety.hpp).
    bool flagged() const { return crisis || blocked_hide || blocked_alert; }
};

// Runs every filter. `staff`: the writer sits as the room's staff (their lines go through
// the shield with the help directory's links allowed, and raise no alerts).
SayScreen screen_say(ChatService& service, const RoomConfig& room, std::string_view text,
                     bool staff);

}  // namespace ibasho::chat
