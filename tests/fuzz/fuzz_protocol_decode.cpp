// protocol::decode differentially against a plain nlohmann parse of the same bytes: whatever
// nlohmann rejects we reject; what we accept is a JSON object whose fields, as nlohmann reads
// them, equal the ones we decoded; and each of our own refusals has its reason in the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/codec.hpp"
#include "protocol/frame_fields.hpp"
#include "protocol/limits.hpp"
#include "protocol/validate.hpp"

namespace {

using nlohmann::json;
using namespace ibasho::protocol;

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

// What a plain parse says about the frame, beyond accepting it or not.
struct Plain {
    bool accepted = false;
    json doc;
    int max_depth = 0;             // the top-level object counts as 1, as in our decoder
    bool duplicate_known = false;  // a top-level key we read, given twice
};

Plain plain_parse(std::string_view frame) {
    Plain p;
    std::set<std::string> keys;
    int depth = 0;
    auto callback = [&](int, json::parse_event_t event, json& value) {
        switch (event) {
            case json::parse_event_t::object_start:
            case json::parse_event_t::array_start:
                p.max_depth = std::max(p.max_depth, ++depth);
                break;
            case json::parse_event_t::object_end:
            case json::parse_event_t::array_end:
                --depth;
                break;
            case json::parse_event_t::key:
                if (depth == 1) {
                    const std::string name = value.get<std::string>();
                    bool known = false;
                    for (std::size_t i = 0; i < detail::field_key_count; ++i) {
                        known =
                            known || detail::field_name(static_cast<detail::FieldKey>(i)) == name;
                    }
                    if (known && !keys.insert(name).second) {
                        p.duplicate_known = true;
                    }
                }
                break;
            case json::parse_event_t::value:
                break;
        }
        return true;
    };
    p.doc = json::parse(frame.begin(), frame.end(), callback, false);
    p.accepted = !p.doc.is_discarded();
    return p;
}

// A field "not given": absent or null.
bool absent(const json& o, const char* key) {
    return !o.contains(key) || o.at(key).is_null();
}

void same_string(const json& o, const char* key, const std::string& ours) {
    check(o.contains(key) && o.at(key).is_string() && o.at(key).get<std::string>() == ours);
}

void same_optional(const json& o, const char* key, const std::optional<std::string>& ours) {
    if (ours) {
        same_string(o, key, *ours);
    } else {
        check(absent(o, key));
    }
}

// nlohmann reads "-0" as a signed zero; every other non-negative integer is unsigned.
std::optional<std::uint64_t> as_uint(const json& v) {
    if (v.is_number_unsigned()) {
        return v.get<std::uint64_t>();
    }
    if (v.is_number_integer() && v.get<std::int64_t>() == 0) {
        return 0;
    }
    return std::nullopt;
}

void same_number(const json& o, const char* key, std::uint64_t ours) {
    check(o.contains(key) && as_uint(o.at(key)) == ours);
}

void same_optional_number(const json& o, const char* key, std::optional<std::uint64_t> ours) {
    if (ours) {
        same_number(o, key, *ours);
    } else {
        check(absent(o, key));
    }
}

void same_bool(const json& o, const char* key, bool ours) {
    if (absent(o, key)) {
        check(!ours);
    } else {
        check(o.at(key).is_boolean() && o.at(key).get<bool>() == ours);
    }
}

void same_reason(const json& o, const std::string& ours) {
    if (ours.empty() && absent(o, "reason")) {
        return;
    }
    same_string(o, "reason", ours);
}

void check_fields(const json& o, const ClientMessage& message) {
    const std::string type = o.at("type").get<std::string>();
    std::visit(
        [&](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (requires { m.room; }) {
                same_string(o, "room", m.room);
                check(is_room_id(m.room));
            }
            if constexpr (requires { m.id; }) {
                same_string(o, "id", m.id);
                check(is_message_id(m.id));
            }
            if constexpr (requires { m.member; }) {
                same_string(o, "member", m.member);
            }
            if constexpr (std::is_same_v<T, Hello>) {
                check(type == "hello" && m.v == 1);
                check(absent(o, "v") || as_uint(o.at("v")) == 1u);
                same_optional(o, "resume", m.resume);
                same_optional(o, "staff", m.staff);
            } else if constexpr (std::is_same_v<T, ListRooms>) {
                check(type == "rooms");
                same_optional(o, "after", m.after);
            } else if constexpr (std::is_same_v<T, Join>) {
                check(type == "join");
                same_string(o, "nick", m.nick);
                same_optional_number(o, "since", m.since);
                same_bool(o, "affirm", m.affirm);
                same_bool(o, "listening", m.listening);
            } else if constexpr (std::is_same_v<T, Leave>) {
                check(type == "leave");
            } else if constexpr (std::is_same_v<T, Say>) {
                check(type == "say" && check_text(m.text) == TextProblem::none);
                same_string(o, "text", m.text);
                same_optional_number(o, "re", m.re);
            } else if constexpr (std::is_same_v<T, Stamp>) {
                check(type == "stamp" && is_stamp(m.stamp));
                same_string(o, "stamp", m.stamp);
                same_optional_number(o, "on", m.on);
            } else if constexpr (std::is_same_v<T, SetStatus>) {
                check(type == "status");
                same_bool(o, "listening", m.listening);
            } else if constexpr (std::is_same_v<T, Hide>) {
                check(type == "hide");
                same_number(o, "seq", m.seq);
                same_string(o, "reason", m.reason);
                same_optional(o, "note", m.note);
            } else if constexpr (std::is_same_v<T, Unhide>) {
                check(type == "unhide");
                same_number(o, "seq", m.seq);
            } else if constexpr (std::is_same_v<T, Remind>) {
                check(type == "remind");
                same_optional(o, "text", m.text);
                if (m.template_id.empty()) {
                    check(absent(o, "template") && m.text);
                } else {
                    same_string(o, "template", m.template_id);
                }
            } else if constexpr (std::is_same_v<T, Sanction>) {
                same_string(o, "reason", m.reason);
                same_optional(o, "note", m.note);
                switch (m.kind) {
                    case SanctionKind::mute:
                        check(type == "mute");
                        same_number(o, "minutes", m.minutes);
                        break;
                    case SanctionKind::remove:
                        check(type == "remove");
                        if (absent(o, "minutes")) {
                            check(m.minutes == default_remove_minutes);
                        } else {
                            same_number(o, "minutes", m.minutes);
                        }
                        break;
                    case SanctionKind::ban:
                        check(type == "ban" && m.minutes % 60 == 0);
                        same_number(o, "hours", m.minutes / 60);
                        break;
                }
                check(m.minutes >= 1 && m.minutes <= max_sanction_minutes);
            } else if constexpr (std::is_same_v<T, RoomControl>) {
                check(type == "room_control");
                same_string(o, "control", std::string(to_string(m.control)));
                same_reason(o, m.reason);
                if (m.control == RoomControlKind::slow_mode) {
                    same_number(o, "seconds", m.seconds);
                } else {
                    check(m.seconds == 0);
                }
                if (m.control == RoomControlKind::pin) {
                    same_optional(o, "text", m.text);
                    check(m.text.has_value());
                } else {
                    check(!m.text);
                }
            } else if constexpr (std::is_same_v<T, Admit>) {
                check(type == "admit");
            } else if constexpr (std::is_same_v<T, StandingQuery>) {
                check(type == "standing");
            } else if constexpr (std::is_same_v<T, StandingNote>) {
                check(type == "standing_note");
                same_string(o, "text", m.text);
            } else if constexpr (std::is_same_v<T, Report>) {
                check(type == "report");
                same_number(o, "seq", m.seq);
                same_string(o, "reason", std::string(to_string(m.reason)));
                same_optional(o, "note", m.note);
            } else if constexpr (std::is_same_v<T, ResolveReport>) {
                check(type == "resolve_report");
                same_string(o, "report", m.report);
                same_string(o, "outcome", m.dismissed ? "dismissed" : "resolved");
                same_reason(o, m.reason);
            } else if constexpr (std::is_same_v<T, Ask>) {
                check(type == "ask");
            } else if constexpr (std::is_same_v<T, AcceptAsk>) {
                check(type == "accept_ask");
                same_string(o, "ask", m.ask);
            } else if constexpr (std::is_same_v<T, PrivateSay>) {
                check(type == "private_say");
                same_string(o, "thread", m.thread);
                same_string(o, "text", m.text);
            } else if constexpr (std::is_same_v<T, PrivateEnd>) {
                check(type == "private_end");
                same_string(o, "thread", m.thread);
            } else if constexpr (std::is_same_v<T, AckAlert>) {
                check(type == "ack_alert");
                same_string(o, "alert", m.alert);
            } else if constexpr (std::is_same_v<T, ReachOut>) {
                check(type == "reach_out");
                same_string(o, "alert", m.alert);
            } else if constexpr (std::is_same_v<T, End>) {
                check(type == "end");
            } else if constexpr (std::is_same_v<T, Earlier>) {
                check(type == "earlier" && m.before >= 1);
                same_number(o, "before", m.before);
            } else if constexpr (std::is_same_v<T, Peek>) {
                check(type == "peek");  // room and id are compared above
            } else {
                static_assert(sizeof(T) == 0, "a new message type needs its fields compared");
            }
        },
        message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view frame(reinterpret_cast<const char*>(data), size);
    const DecodeResult ours = decode(frame);
    const bool nul = frame.find('\0') != std::string_view::npos;
    const Plain plain = plain_parse(frame);

    if (!plain.accepted || nul) {
        check(!ours.ok());
        // nlohmann stops at a NUL as if the input ended there, so its verdict on the rest says
        // nothing; we refuse every NUL.
        if (nul) {
            check(ours.error.code == ErrorCode::bad_json);
        } else {
            check(ours.error.code == ErrorCode::bad_json || ours.error.code == ErrorCode::too_deep);
        }
        return 0;
    }
    const ErrorCode code = ours.ok() ? ErrorCode::internal_error : ours.error.code;
    // Our refusals of JSON that nlohmann accepts, each with its cause in the input.
    if (!ours.ok() && code == ErrorCode::bad_json) {
        check(plain.duplicate_known);
    }
    if (!ours.ok() && code == ErrorCode::too_deep) {
        check(plain.max_depth > max_json_depth);
    }
    if (!ours.ok() && code == ErrorCode::not_object) {
        check(!plain.doc.is_object());
    }
    if (!plain.doc.is_object() || plain.max_depth > max_json_depth || plain.duplicate_known) {
        check(!ours.ok());
        return 0;
    }
    check(code != ErrorCode::bad_json && code != ErrorCode::too_deep &&
          code != ErrorCode::not_object);
    if (!ours.ok()) {
        check(!ours.error.message.empty());
        // The id is echoed back only when it is well formed.
        const json& o = plain.doc;
        const bool good_id = o.contains("id") && o.at("id").is_string() &&
                             is_message_id(o.at("id").get<std::string>());
        check(ours.error.ref == (good_id ? o.at("id").get<std::string>() : std::string()));
        return 0;
    }
    check(plain.doc.contains("type") && plain.doc.at("type").is_string());
    check_fields(plain.doc, *ours.message);
    return 0;
}
