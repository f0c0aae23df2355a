// The private word (DESIGN.md rule 4): a participant asks a room's staff for a word, one
// staff member accepts, and the two of them — only they — write in a thread that lives in
// the Store for an hour from its last line, on whatever nodes they are.
#pragma once

#include <functional>
#include <string>

#include "protocol/messages.hpp"

namespace ibasho {
class Control;
class Store;
}  // namespace ibasho

namespace ibasho::chat {

class ClientSession;
class LocalSessions;
struct SessionReports;

inline constexpr const char* private_push_action = "private_push";
inline constexpr const char* private_ended_action = "private_ended";

// `ask` is open to a participant seated in a room that has staff: an active supporter
// assigned to it, or an organiser (they may not be here yet: an ask waits up to an hour, and
// staff get it in their queue when they come in).
void handle_ask(ClientSession& session, SessionReports& mine, const protocol::Ask& m);
void handle_accept_ask(ClientSession& session, const protocol::AcceptAsk& m);
void handle_private_say(ClientSession& session, SessionReports& mine,
                        const protocol::PrivateSay& m);
void handle_private_end(ClientSession& session, SessionReports& mine,
                        const protocol::PrivateEnd& m);

// Staff open a private word themselves (answering an alert about a member's message): the
// thread starts open with `staff`, and both sides get `private_open` on whatever node they
// are. `done(true)` once the thread is in the Store; false when the Store did not take it.
struct PrivateWordWith {
    std::string room;
    std::string member;
    std::string nick;
    std::string address;  // the member's session address
};
void open_private_word(ClientSession& staff, const PrivateWordWith& with,
                       std::function<void(bool ok)> done);

// After welcome: gives back this session's open threads (private_open with their lines) and
// remembers its waiting asks, so a participant who resumed, or a staff member on a new
// phone, carries on where they were.
void restore_private_threads(ClientSession& session, SessionReports& mine);

// The private word's Control actions (called by register_reports_control).
void register_private_word_control(Control& control, LocalSessions& local, Store& store);

}  // namespace ibasho::chat
