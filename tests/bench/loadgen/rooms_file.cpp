#include "tests/bench/loadgen/rooms_file.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

namespace ibasho::bench {

void write_rooms_file(const std::string& path, const std::string& prefix, std::uint32_t count,
                      std::uint32_t capacity) {
    using nlohmann::json;
    // "counts" presence: a member list in every presence frame would make joining a room of
    // 200 cost 200 x 200 names, which is not what these benchmarks measure.
    json doc = {{"defaults",
                 {{"capacity", capacity},
                  {"history_length", 200},
                  {"history_age_s", 3600},
                  {"slow_mode_s", 0},
                  {"rate_limit", "off"},
                  {"presence", "counts"},
                  {"typing", false}}},
                {"rooms", json::array()}};
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::string id = prefix + std::to_string(i);
        doc["rooms"].push_back(
            {{"id", id},
             {"name",
              {{"ja", "ベンチ " + std::to_string(i)}, {"en", "Bench " + std::to_string(i)}}},
             {"audience", {"open"}}});
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << doc.dump(1) << '\n';
    if (!out) {
        throw std::runtime_error("cannot write '" + path + "'");
    }
}

}  // namespace ibasho::bench
