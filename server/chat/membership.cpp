#include "server/chat/membership.hpp"

#include <algorithm>

#include "protocol/encode.hpp"
#include "server/connection.hpp"

namespace ibasho::chat {

std::string_view to_string(LeaveReason reason) noexcept {
    switch (reason) {
        case LeaveReason::left:
            return "left";
        case LeaveReason::closed:
            return "closed";
        case LeaveReason::superseded:
            return "superseded";
        case LeaveReason::removed:
            return "removed";
        case LeaveReason::banned:
            return "banned";
        case LeaveReason::room_closed:
            return "room_closed";
        case LeaveReason::join_failed:
            return "join_failed";
    }
    return "left";
}

Memberships::Memberships(ChatService& service, Connection& connection, RoomListener& listener,
                         std::string holder, ClientSession* owner)
    : service_(service),
      connection_(connection),
      shard_(connection.shard()),
      listener_(listener),
      holder_(std::move(holder)),
      owner_(owner) {}

Memberships::~Memberships() = default;

Membership* Memberships::find(const std::string& room) {
    auto it = seats_.find(room);
    return it == seats_.end() ? nullptr : it->second.get();
}

Membership& Memberships::enter(const RoomConfig& room, Seat seat, bool as_staff) {
    auto m = std::make_unique<Membership>(std::move(seat), room.rate_per_second, room.rate_burst,
                                          room.slow_mode);
    m->staff = as_staff;
    Membership& out = *m;
    if (owner_ != nullptr) {
        service_.local.seat(owner_, room.id, out.seat.member, as_staff);
    }
    seats_[room.id] = std::move(m);
    // Listen first, then the caller reads history: whatever is published in between waits in
    // `pending` and is de-duplicated against history by seq.
    service_.hub.add(shard_, room.id, &listener_);
    save();
    return out;
}

void Memberships::leave(const std::string& room, LeaveReason reason) {
    auto it = seats_.find(room);
    if (it == seats_.end()) {
        return;
    }
    const std::string member = it->second->seat.member;
    seats_.erase(it);
    service_.hub.remove(shard_, room, &listener_);
    if (owner_ != nullptr) {
        service_.local.unseat(owner_, room);
    }
    if (reason == LeaveReason::superseded) {
        return;
    }
    service_.presence.leave(room, member, holder_, nullptr);
    if (reason == LeaveReason::closed) {
        return;  // the record already holds the seat as it is; the caller saves once
    }
    drop_seat_from_record(room);
    save();
    protocol::Left left{room, {}};
    switch (reason) {
        case LeaveReason::left:
            break;
        case LeaveReason::removed:
        case LeaveReason::banned:
        case LeaveReason::room_closed:
            left.reason = std::string(to_string(reason));
            break;
        default:
            return;  // join_failed: the caller answers the join
    }
    connection_.send(make_frame(protocol::encode(left)));
}

void Memberships::leave_all(LeaveReason reason) {
    for (const std::string& room : rooms()) {
        leave(room, reason);
    }
}

void Memberships::drop_seat_from_record(const std::string& room) {
    if (record_) {
        std::erase_if(record_->seats, [&](const Seat& s) { return s.room == room; });
    }
}

void Memberships::spoke(const std::string& room) {
    Membership* m = find(room);
    if (m == nullptr || m->seat.spoke) {
        return;
    }
    m->seat.spoke = true;
    service_.presence.mark_spoke(room, m->seat.member, nullptr);
    save();
}

void Memberships::save() {
    if (!record_ || ended_) {
        return;
    }
    for (const auto& [room, m] : seats_) {
        auto pos = std::find_if(record_->seats.begin(), record_->seats.end(),
                                [&](const Seat& s) { return s.room == room; });
        if (pos == record_->seats.end()) {
            record_->seats.push_back(m->seat);
        } else {
            *pos = m->seat;
        }
    }
    service_.sessions.save(*record_);
}

std::vector<std::string> Memberships::rooms() const {
    std::vector<std::string> out;
    out.reserve(seats_.size());
    for (const auto& [room, m] : seats_) {
        out.push_back(room);
    }
    return out;
}

}  // namespace ibasho::chat
