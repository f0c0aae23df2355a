#include "server/control/control_args.hpp"

namespace ibasho {

nlohmann::json control_args(const ControlCommand& command) {
    auto j = nlohmann::json::parse(command.args, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
}

std::string json_string(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t json_int(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace ibasho
