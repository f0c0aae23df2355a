// The node's chat side, shared by every client session: the seams (Broker, Presence,
// sessions, Control, Store, Clock), staff sign-in, the room catalogue, the local fan-out hub
// and the lists staff keep (reasons, blocked words). Built by the App.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "server/abuse/address_limits.hpp"
#include "server/broker/broker.hpp"
#include "server/chat/active_sessions.hpp"
#include "server/chat/alert_desk.hpp"
#include "server/chat/local_sessions.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/chat/room_hub.hpp"
#include "server/chat/session_registry.hpp"
#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/control/control.hpp"
#include "server/presence/presence.hpp"
#include "server/staff/staff_auth.hpp"
#include "server/store/blocked_word_list.hpp"
#include "server/store/help_lines.hpp"
#include "server/store/reason_list.hpp"
#include "server/store/store.hpp"

namespace ibasho::chat {

struct ChatService {
    const Config& config;
    const Clock& clock;
    RoomCatalog& catalog;
    Broker& broker;
    Presence& presence;
    SessionRegistry& sessions;
    RoomHub& hub;
    ActiveSessions& active;
    Control& control;
    Store& store;
    staff::StaffAuth& staff;
    LocalSessions& local;
    ReasonList& reasons;
    BlockedWordList& blocked_words;
    // Safety (issue 12): the help directory's card lines and allowed contacts, and this
    // node's book of alerts to staff.
    HelpLines& help;
    AlertDesk& alerts;
    // Frames per address hash across nodes (issue 15); null: no per-address frame limit.
    abuse::AddressLimits* address_limits = nullptr;
    // When the address key in use is replaced (unix ms; 0 = not known): records keyed by an
    // address hash must not outlive it. Thread-safe.
    std::function<std::int64_t()> address_key_expires = nullptr;
};

inline std::int64_t address_key_expires_ms(const ChatService& s) {
    return s.address_key_expires ? s.address_key_expires() : 0;
}

// Per-connection frame budget: beyond it the client is flooding and is closed (4002).
inline constexpr double connection_frames_per_second = 50.0;
inline constexpr double connection_frames_burst = 200.0;
// At most this many history events are replayed on a fresh join (no `since`).
inline constexpr std::uint32_t fresh_join_history = 50;

}  // namespace ibasho::chat
