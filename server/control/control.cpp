#include "server/control/control.hpp"

#include <openssl/sha.h>

#include <cstdio>

#include "server/random_token.hpp"

namespace ibasho {

ControlTarget ControlTarget::of_session(std::string address) {
    ControlTarget t;
    t.kind = TargetKind::session;
    t.session = std::move(address);
    return t;
}

ControlTarget ControlTarget::of_member(std::string room, std::string member) {
    ControlTarget t;
    t.kind = TargetKind::member;
    t.room = std::move(room);
    t.member = std::move(member);
    return t;
}

ControlTarget ControlTarget::of_room(std::string room) {
    ControlTarget t;
    t.kind = TargetKind::room;
    t.room = std::move(room);
    return t;
}

std::string session_address(std::string_view token) {
    // The tag separates this hash from every other use of the token (the registry key hashes
    // the bare token), so an address seen on the control channel matches no stored key.
    static constexpr std::string_view tag = "ibasho/control/session\n";
    std::string input;
    input.reserve(tag.size() + token.size());
    input.append(tag);
    input.append(token);
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
    std::string out;
    out.reserve(32);
    char hex[3];
    for (int i = 0; i < 16; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", digest[i]);
        out += hex;
    }
    return out;
}

std::string new_command_id() {
    return random_base64url(12);
}

void complete_command(ControlCommand& command, const std::string& node_id, std::int64_t now_ms) {
    if (command.id.empty()) {
        command.id = new_command_id();
    }
    if (command.origin.empty()) {
        command.origin = node_id;
    }
    if (command.sent_ms == 0) {
        command.sent_ms = now_ms;
    }
}

}  // namespace ibasho
