// Structured, level-controlled logging: one key=value line per event on stderr.
// Callers pass only fields that identify no one (DESIGN.md rule 2): never an address, token or
// text.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace ibasho::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3, off = 4 };

// Parses "debug", "info", "warn", "error" or "off"; false when the word is none of them.
bool parse_level(std::string_view word, Level& out);
std::string_view to_string(Level level);

void set_level(Level level);
Level level();
bool enabled(Level level);

// Tests capture lines here instead of stderr; nullptr restores stderr.
using Sink = void (*)(std::string_view line);
void set_sink(Sink sink);

struct Field {
    std::string_view key;
    std::variant<std::string_view, std::int64_t, std::uint64_t, double, bool> value;

    Field(std::string_view k, std::string_view v) : key(k), value(v) {}
    Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
    Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
    Field(std::string_view k, int v) : key(k), value(std::int64_t{v}) {}
    Field(std::string_view k, long v) : key(k), value(std::int64_t{v}) {}
    Field(std::string_view k, long long v) : key(k), value(std::int64_t{v}) {}
    Field(std::string_view k, unsigned v) : key(k), value(std::uint64_t{v}) {}
    Field(std::string_view k, unsigned long v) : key(k), value(std::uint64_t{v}) {}
    Field(std::string_view k, unsigned long long v) : key(k), value(std::uint64_t{v}) {}
    Field(std::string_view k, double v) : key(k), value(v) {}
    Field(std::string_view k, bool v) : key(k), value(v) {}
};

// Formats and writes one line: ts=... level=... event=<event> key=value ...
void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

// Formatting without writing, for tests and for the sink.
std::string format(Level level, std::string_view event, std::initializer_list<Field> fields);

inline void debug(std::string_view e, std::initializer_list<Field> f = {}) {
    write(Level::debug, e, f);
}
inline void info(std::string_view e, std::initializer_list<Field> f = {}) {
    write(Level::info, e, f);
}
inline void warn(std::string_view e, std::initializer_list<Field> f = {}) {
    write(Level::warn, e, f);
}
inline void error(std::string_view e, std::initializer_list<Field> f = {}) {
    write(Level::error, e, f);
}

}  // namespace ibasho::log
