#include "server/events/static_windows.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "server/config.hpp"

namespace ibasho::events {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& field, std::string problem) {
    throw ConfigError("schedule-windows" + field, std::move(problem));
}

std::string text_of(const json& obj, const char* key, const std::string& where, bool required) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) {
            fail(where + "." + key, "is required");
        }
        return {};
    }
    if (!it->is_string()) {
        fail(where + "." + key, "must be a string");
    }
    return it->get<std::string>();
}

std::int64_t ms_of(const json& obj, const char* key, const std::string& where) {
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer()) {
        fail(where + "." + key, "must be an integer (unix milliseconds)");
    }
    return it->get<std::int64_t>();
}

}  // namespace

std::vector<RoomWindow> StaticWindows::windows_between(std::int64_t from_ms,
                                                       std::int64_t to_ms) const {
    std::vector<RoomWindow> out;
    for (const RoomWindow& w : windows_) {
        if (w.ends_ms >= from_ms && w.opens_ms <= to_ms) {
            out.push_back(w);
        }
    }
    return out;
}

std::vector<RoomWindow> parse_windows(const std::string& json_text) {
    const json doc = json::parse(json_text, nullptr, false);
    if (!doc.is_object() || !doc.contains("windows") || !doc["windows"].is_array()) {
        fail("", "must be an object with a \"windows\" array");
    }
    std::vector<RoomWindow> out;
    const json& list = doc["windows"];
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string where = "[" + std::to_string(i) + "]";
        const json& obj = list[i];
        if (!obj.is_object()) {
            fail(where, "must be an object");
        }
        RoomWindow w;
        w.room = text_of(obj, "room", where, true);
        w.event_id = text_of(obj, "event", where, true);
        w.side = text_of(obj, "side", where, false);
        w.pair_room = text_of(obj, "pair_room", where, false);
        w.starts_ms = ms_of(obj, "starts_ms", where);
        w.ends_ms = ms_of(obj, "ends_ms", where);
        w.opens_ms = obj.contains("opens_ms") ? ms_of(obj, "opens_ms", where) : w.starts_ms;
        if (!(w.opens_ms <= w.starts_ms && w.starts_ms < w.ends_ms)) {
            fail(where, "needs opens_ms <= starts_ms < ends_ms");
        }
        if (auto it = obj.find("capacity"); it != obj.end()) {
            if (!it->is_number_unsigned()) {
                fail(where + ".capacity", "must be a whole number");
            }
            w.capacity = it->get<std::uint32_t>();
        }
        if (auto it = obj.find("supporters"); it != obj.end()) {
            if (!it->is_array()) {
                fail(where + ".supporters", "must be an array of staff ids");
            }
            for (const auto& id : *it) {
                if (!id.is_string()) {
                    fail(where + ".supporters", "must be an array of staff ids");
                }
                w.supporters.push_back(id.get<std::string>());
            }
        }
        out.push_back(std::move(w));
    }
    return out;
}

std::vector<RoomWindow> load_windows_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        fail("", "cannot read '" + path + "'");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_windows(ss.str());
}

}  // namespace ibasho::events
