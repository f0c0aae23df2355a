#include "server/control/control_codec.hpp"

#include <nlohmann/json.hpp>

namespace ibasho::control_wire {

namespace {

// A non-empty string of at most `max` bytes, or nullopt.
std::optional<std::string> name_field(const nlohmann::json& j, const char* key,
                                      std::size_t max = max_name) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
        return std::nullopt;
    }
    const auto& s = it->get_ref<const std::string&>();
    if (s.empty() || s.size() > max) {
        return std::nullopt;
    }
    return s;
}

}  // namespace

std::string encode(const ControlCommand& c) {
    nlohmann::json j{{"v", 1}, {"id", c.id}};
    switch (c.target.kind) {
        case TargetKind::session:
            j["k"] = "s";
            j["s"] = c.target.session;
            break;
        case TargetKind::member:
            j["k"] = "m";
            j["r"] = c.target.room;
            j["m"] = c.target.member;
            break;
        case TargetKind::room:
            j["k"] = "r";
            j["r"] = c.target.room;
            break;
    }
    j["a"] = c.action;
    j["x"] = c.args;
    j["o"] = c.origin;
    j["t"] = c.sent_ms;
    // Replace invalid UTF-8 rather than throw: the receiver's checks decide what it is worth.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<ControlCommand> decode(std::string_view payload) {
    if (payload.size() > max_payload) {
        return std::nullopt;
    }
    auto j = nlohmann::json::parse(payload, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return std::nullopt;
    }
    auto v = j.find("v");
    auto t = j.find("t");
    if (v == j.end() || *v != 1 || t == j.end() || !t->is_number_integer()) {
        return std::nullopt;
    }
    ControlCommand c;
    auto id = name_field(j, "id");
    auto kind = name_field(j, "k");
    auto action = name_field(j, "a");
    auto origin = name_field(j, "o");
    auto args = name_field(j, "x", max_args);
    if (!id || !kind || !action || !origin || !args) {
        return std::nullopt;
    }
    if (*kind == "s") {
        auto s = name_field(j, "s");
        if (!s) {
            return std::nullopt;
        }
        c.target = ControlTarget::of_session(std::move(*s));
    } else if (*kind == "m") {
        auto r = name_field(j, "r");
        auto m = name_field(j, "m");
        if (!r || !m) {
            return std::nullopt;
        }
        c.target = ControlTarget::of_member(std::move(*r), std::move(*m));
    } else if (*kind == "r") {
        auto r = name_field(j, "r");
        if (!r) {
            return std::nullopt;
        }
        c.target = ControlTarget::of_room(std::move(*r));
    } else {
        return std::nullopt;
    }
    c.id = std::move(*id);
    c.action = std::move(*action);
    c.args = std::move(*args);
    c.origin = std::move(*origin);
    c.sent_ms = t->get<std::int64_t>();
    return c;
}

}  // namespace ibasho::control_wire
