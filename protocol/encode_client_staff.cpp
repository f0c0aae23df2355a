// Client-side encoders of the staff, report and private-word messages (tests, native clients).
#include "protocol/encode_client.hpp"
#include "protocol/json_writer.hpp"

namespace ibasho::protocol {
namespace {

using detail::ObjectWriter;

std::string_view sanction_type(SanctionKind kind) {
    switch (kind) {
        case SanctionKind::mute:
            return "mute";
        case SanctionKind::remove:
            return "remove";
        case SanctionKind::ban:
            return "ban";
    }
    return "mute";
}

template <class F>
std::string object_of(std::string_view type, F fill) {
    std::string out;
    out.reserve(128);
    ObjectWriter object(out);
    object.string("type", type);
    fill(object);
    object.close();
    return out;
}

void optional(ObjectWriter& o, std::string_view key, const std::optional<std::string>& value) {
    if (value) {
        o.string(key, *value);
    }
}

}  // namespace

std::string encode(const Hide& m) {
    return object_of("hide", [&](ObjectWriter& o) {
        o.string("room", m.room).number("seq", m.seq).string("reason", m.reason);
        optional(o, "note", m.note);
        o.string("id", m.id);
    });
}

std::string encode(const Unhide& m) {
    return object_of("unhide", [&](ObjectWriter& o) {
        o.string("room", m.room).number("seq", m.seq).string("id", m.id);
    });
}

std::string encode(const Remind& m) {
    return object_of("remind", [&](ObjectWriter& o) {
        o.string("room", m.room).string("member", m.member);
        if (!m.template_id.empty()) {
            o.string("template", m.template_id);
        }
        optional(o, "text", m.text);
        o.string("id", m.id);
    });
}

std::string encode(const Sanction& m) {
    return object_of(sanction_type(m.kind), [&](ObjectWriter& o) {
        o.string("room", m.room).string("member", m.member);
        if (m.kind == SanctionKind::ban) {
            o.number("hours", static_cast<std::uint64_t>(m.minutes / 60));
        } else {
            o.number("minutes", static_cast<std::uint64_t>(m.minutes));
        }
        o.string("reason", m.reason);
        optional(o, "note", m.note);
        o.string("id", m.id);
    });
}

std::string encode(const RoomControl& m) {
    return object_of("room_control", [&](ObjectWriter& o) {
        o.string("room", m.room).string("control", to_string(m.control));
        if (m.control == RoomControlKind::slow_mode) {
            o.number("seconds", static_cast<std::uint64_t>(m.seconds));
        }
        optional(o, "text", m.text);
        if (!m.reason.empty()) {
            o.string("reason", m.reason);
        }
        o.string("id", m.id);
    });
}

std::string encode(const Admit& m) {
    return object_of("admit", [&](ObjectWriter& o) {
        o.string("room", m.room).string("member", m.member).string("id", m.id);
    });
}

std::string encode(const StandingQuery& m) {
    return object_of("standing", [&](ObjectWriter& o) {
        o.string("room", m.room).string("member", m.member).string("id", m.id);
    });
}

std::string encode(const StandingNote& m) {
    return object_of("standing_note", [&](ObjectWriter& o) {
        o.string("room", m.room)
            .string("member", m.member)
            .string("text", m.text)
            .string("id", m.id);
    });
}

std::string encode(const Report& m) {
    return object_of("report", [&](ObjectWriter& o) {
        o.string("room", m.room).number("seq", m.seq).string("reason", to_string(m.reason));
        optional(o, "note", m.note);
        o.string("id", m.id);
    });
}

std::string encode(const ResolveReport& m) {
    return object_of("resolve_report", [&](ObjectWriter& o) {
        o.string("report", m.report).string("outcome", m.dismissed ? "dismissed" : "resolved");
        if (!m.reason.empty()) {
            o.string("reason", m.reason);
        }
        o.string("id", m.id);
    });
}

std::string encode(const Ask& m) {
    return object_of("ask", [&](ObjectWriter& o) { o.string("room", m.room).string("id", m.id); });
}

std::string encode(const AcceptAsk& m) {
    return object_of("accept_ask",
                     [&](ObjectWriter& o) { o.string("ask", m.ask).string("id", m.id); });
}

std::string encode(const PrivateSay& m) {
    return object_of("private_say", [&](ObjectWriter& o) {
        o.string("thread", m.thread).string("text", m.text).string("id", m.id);
    });
}

std::string encode(const PrivateEnd& m) {
    return object_of("private_end",
                     [&](ObjectWriter& o) { o.string("thread", m.thread).string("id", m.id); });
}

std::string encode(const AckAlert& m) {
    return object_of("ack_alert",
                     [&](ObjectWriter& o) { o.string("alert", m.alert).string("id", m.id); });
}

std::string encode(const ReachOut& m) {
    return object_of("reach_out",
                     [&](ObjectWriter& o) { o.string("alert", m.alert).string("id", m.id); });
}

std::string encode(const End& m) {
    return object_of("end", [&](ObjectWriter& o) { o.string("id", m.id); });
}

}  // namespace ibasho::protocol
