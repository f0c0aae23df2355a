#include "server/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace ibasho::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::info)};
std::atomic<Sink> g_sink{nullptr};
std::mutex g_write_mutex;

void append_timestamp(std::string& out) {
    const auto now = std::chrono::system_clock::now();
    const auto secs = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms));
    out += buf;
}

// Values are quoted only when they would otherwise break the key=value grammar, so that
// grep and awk work on the common case.
void append_value(std::string& out, std::string_view v) {
    bool plain = !v.empty();
    for (char c : v) {
        if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
            plain = false;
            break;
        }
    }
    if (plain) {
        out += v;
        return;
    }
    out += '"';
    for (char c : v) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

}  // namespace

bool parse_level(std::string_view word, Level& out) {
    static constexpr std::pair<std::string_view, Level> table[] = {{"debug", Level::debug},
                                                                   {"info", Level::info},
                                                                   {"warn", Level::warn},
                                                                   {"error", Level::error},
                                                                   {"off", Level::off}};
    for (const auto& [name, lvl] : table) {
        if (name == word) {
            out = lvl;
            return true;
        }
    }
    return false;
}

std::string_view to_string(Level level) {
    switch (level) {
        case Level::debug:
            return "debug";
        case Level::info:
            return "info";
        case Level::warn:
            return "warn";
        case Level::error:
            return "error";
        case Level::off:
            return "off";
    }
    return "info";
}

void set_level(Level level) {
    g_level.store(static_cast<int>(level), std::memory_order_relaxed);
}
Level level() {
    return static_cast<Level>(g_level.load(std::memory_order_relaxed));
}
bool enabled(Level l) {
    return static_cast<int>(l) >= g_level.load(std::memory_order_relaxed) && l != Level::off;
}
void set_sink(Sink sink) {
    g_sink.store(sink);
}

std::string format(Level lvl, std::string_view event, std::initializer_list<Field> fields) {
    std::string line;
    line.reserve(128);
    line += "ts=";
    append_timestamp(line);
    line += " level=";
    line += to_string(lvl);
    line += " event=";
    append_value(line, event);
    for (const auto& f : fields) {
        line += ' ';
        line += f.key;
        line += '=';
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::string_view>) {
                    append_value(line, v);
                } else if constexpr (std::is_same_v<T, bool>) {
                    line += v ? "true" : "false";
                } else if constexpr (std::is_same_v<T, double>) {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "%.3f", v);
                    line += buf;
                } else {
                    line += std::to_string(v);
                }
            },
            f.value);
    }
    return line;
}

void write(Level lvl, std::string_view event, std::initializer_list<Field> fields) {
    if (!enabled(lvl)) {
        return;
    }
    const std::string line = format(lvl, event, fields);
    if (auto sink = g_sink.load()) {
        sink(line);
        return;
    }
    std::lock_guard lock(g_write_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fputc('\n', stderr);
}

}  // namespace ibasho::log
