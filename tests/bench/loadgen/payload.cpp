#include "tests/bench/loadgen/payload.hpp"

#include <string.h>

#include <algorithm>

namespace ibasho::bench {
namespace {

void put_hex(std::string& out, std::uint64_t v, unsigned digits) {
    for (unsigned i = digits; i-- > 0;) {
        out += static_cast<char>('a' + ((v >> (4 * i)) & 0xf));
    }
}

bool get_hex(std::string_view in, std::uint64_t& out) {
    out = 0;
    for (char c : in) {
        if (c < 'a' || c > 'p') {
            return false;
        }
        out = (out << 4) | static_cast<std::uint64_t>(c - 'a');
    }
    return true;
}

bool starts_with_type(std::string_view line, std::string_view type) {
    // Every server line starts with its type (protocol.md: "type" is the first key); a server
    // that orders keys differently still works through the slower search below.
    constexpr std::string_view prefix = R"({"type":")";
    if (line.size() > prefix.size() + type.size() && line.starts_with(prefix) &&
        line.substr(prefix.size(), type.size()) == type &&
        line[prefix.size() + type.size()] == '"') {
        return true;
    }
    if (line.starts_with(prefix)) {
        return false;
    }
    std::string key = R"("type":")";
    key += type;
    key += '"';
    return line.find(key) != std::string_view::npos;
}

// Where `key` starts in `line`, or npos. glibc's memmem is several times faster here than
// string_view::find, which stops at every '"' of a JSON line to compare.
std::size_t find_key(std::string_view line, std::string_view key) {
    const void* at = ::memmem(line.data(), line.size(), key.data(), key.size());
    return at == nullptr ? std::string_view::npos
                         : static_cast<std::size_t>(static_cast<const char*>(at) - line.data());
}

}  // namespace

std::string encode_text(const Stamp& stamp, std::size_t size) {
    std::string out;
    out.reserve(std::max(size, stamp_chars));
    put_hex(out, static_cast<std::uint64_t>(stamp.sent_ns), 16);
    put_hex(out, stamp.slot, 8);
    put_hex(out, stamp.sender_seq, 8);
    if (out.size() < size) {
        out.append(size - out.size(), 'z');
    }
    return out;
}

std::optional<Stamp> decode_text(std::string_view text) {
    if (text.size() < stamp_chars) {
        return std::nullopt;
    }
    std::uint64_t sent = 0;
    std::uint64_t slot = 0;
    std::uint64_t seq = 0;
    if (!get_hex(text.substr(0, 16), sent) || !get_hex(text.substr(16, 8), slot) ||
        !get_hex(text.substr(24, 8), seq)) {
        return std::nullopt;
    }
    return Stamp{static_cast<std::int64_t>(sent), static_cast<std::uint32_t>(slot),
                 static_cast<std::uint32_t>(seq)};
}

LineType line_type(std::string_view line) {
    if (starts_with_type(line, "message")) {
        return LineType::message;
    }
    if (starts_with_type(line, "welcome")) {
        return LineType::welcome;
    }
    if (starts_with_type(line, "joined")) {
        return LineType::joined;
    }
    if (starts_with_type(line, "error")) {
        return LineType::error;
    }
    if (starts_with_type(line, "gap")) {
        return LineType::gap;
    }
    return LineType::other;
}

std::optional<std::uint64_t> number_field(std::string_view line, std::string_view key) {
    auto at = find_key(line, key);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t i = at + key.size();
    std::uint64_t v = 0;
    const std::size_t first = i;
    while (i < line.size() && line[i] >= '0' && line[i] <= '9') {
        v = v * 10 + static_cast<std::uint64_t>(line[i] - '0');
        ++i;
    }
    if (i == first) {
        return std::nullopt;
    }
    return v;
}

std::optional<std::string_view> string_field(std::string_view line, std::string_view key) {
    auto at = find_key(line, key);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const std::size_t begin = at + key.size();
    std::size_t i = begin;
    while (i < line.size() && line[i] != '"') {
        i += line[i] == '\\' ? 2 : 1;
    }
    if (i >= line.size()) {
        return std::nullopt;
    }
    return line.substr(begin, i - begin);
}

}  // namespace ibasho::bench
