#include "tests/bench/filters/report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>

namespace ibasho::bench {
namespace {

std::string fixed(double value, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

// 1234567 -> "1,234,567"
std::string commas(double value) {
    std::string digits = std::to_string(static_cast<long long>(value + 0.5));
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), ",");
    }
    return digits;
}

// Right-aligned in `width` columns, counting code points ("µs" is two bytes, one column).
std::string pad(const std::string& text, std::size_t width) {
    std::size_t columns = 0;
    for (const char c : text) {
        columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
    return columns >= width ? text : std::string(width - columns, ' ') + text;
}

// Enough digits for sub-microsecond filters, without float noise in the JSON.
double rounded(double value, double scale) {
    return std::round(value * scale) / scale;
}

}  // namespace

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                return line.substr(line.find_first_not_of(" \t", colon + 1));
            }
        }
    }
    return "unknown";
}

void write_table(std::ostream& out, const Report& report) {
    out << "per-message cost in µs, median of " << report.settings.runs << " runs of ~"
        << report.settings.seconds_per_run << " s; one thread; " << report.cpu_model << ", "
        << report.nproc << " cores\n";
    out << pad("input", 11) << pad("lines", 6) << pad("masked", 7) << pad("crisis", 7)
        << pad("blocked", 8);
    for (const char* name : filter_names) {
        out << pad(name, 9);
    }
    out << pad("screen msg/s/core", 19) << pad("screen runs µs", 16) << "\n";
    for (const auto& set : report.sets) {
        out << pad(set.name + " " + set.language, 11) << pad(std::to_string(set.lines), 6)
            << pad(std::to_string(set.hits.masked), 7) << pad(std::to_string(set.hits.crisis), 7)
            << pad(std::to_string(set.hits.blocked), 8);
        for (const auto& t : set.timings) {
            out << pad(fixed(t.p50_us, 2), 9);
        }
        const auto& screen = set.timings[filter_count - 1];
        out << pad(commas(screen.messages_per_s()), 19)
            << pad(fixed(screen.min_us, 2) + "–" + fixed(screen.max_us, 2), 16) << "\n";
    }
}

void write_json(std::ostream& out, const Report& report) {
    nlohmann::json j;
    j["machine"] = {{"nproc", report.nproc}, {"cpu", report.cpu_model}};
    j["runs"] = report.settings.runs;
    j["seconds_per_run"] = report.settings.seconds_per_run;
    j["sets"] = nlohmann::json::array();
    for (const auto& set : report.sets) {
        nlohmann::json filters = nlohmann::json::object();
        for (std::size_t f = 0; f < filter_count; ++f) {
            const auto& t = set.timings[f];
            filters[filter_names[f]] = {{"p50_us", rounded(t.p50_us, 1e4)},
                                        {"min_us", rounded(t.min_us, 1e4)},
                                        {"max_us", rounded(t.max_us, 1e4)},
                                        {"messages_per_s", std::round(t.messages_per_s())},
                                        {"messages_per_run", t.messages_per_run}};
        }
        j["sets"].push_back({{"name", set.name},
                             {"language", set.language},
                             {"lines", set.lines},
                             {"hits",
                              {{"masked", set.hits.masked},
                               {"crisis", set.hits.crisis},
                               {"blocked", set.hits.blocked}}},
                             {"filters", filters}});
    }
    out << j.dump() << "\n";
}

}  // namespace ibasho::bench
