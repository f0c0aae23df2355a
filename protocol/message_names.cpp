// Wire names of the enumerations client messages carry (room controls, report reasons).
#include "protocol/messages.hpp"

namespace ibasho::protocol {

std::string_view to_string(RoomControlKind kind) noexcept {
    switch (kind) {
        case RoomControlKind::slow_mode:
            return "slow_mode";
        case RoomControlKind::lock:
            return "lock";
        case RoomControlKind::unlock:
            return "unlock";
        case RoomControlKind::pause:
            return "pause";
        case RoomControlKind::resume:
            return "resume";
        case RoomControlKind::close:
            return "close";
        case RoomControlKind::open:
            return "open";
        case RoomControlKind::pin:
            return "pin";
        case RoomControlKind::unpin:
            return "unpin";
        case RoomControlKind::shield_on:
            return "shield_on";
        case RoomControlKind::shield_off:
            return "shield_off";
        case RoomControlKind::supporter_present_on:
            return "supporter_present_on";
        case RoomControlKind::supporter_present_off:
            return "supporter_present_off";
    }
    return "lock";
}

std::string_view to_string(ReportReason reason) noexcept {
    switch (reason) {
        case ReportReason::hurtful:
            return "hurtful";
        case ReportReason::spam:
            return "spam";
        case ReportReason::contact:
            return "contact";
        case ReportReason::worried:
            return "worried";
        case ReportReason::operator_:
            return "operator";
        case ReportReason::other:
            return "other";
    }
    return "other";
}

}  // namespace ibasho::protocol
