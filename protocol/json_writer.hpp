// A minimal append-only writer for compact JSON objects, used by the encoders.
// Keys are trusted literals and go out unescaped; every string value goes through the escaper.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/json_escape.hpp"

namespace ibasho::protocol::detail {

// Appends a bare integer, for numbers inside arrays.
template <typename Int>
void append_integer(std::string& out, Int value) {
    char buffer[24];  // the longest 64-bit integer is 20 digits plus a sign
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

// Writes one object into `out`: the constructor opens it, close() ends it. Fields appear in
// call order, which is how every encoder puts "type" first.
class ObjectWriter {
  public:
    explicit ObjectWriter(std::string& out) : out_(out) { out_.push_back('{'); }

    ObjectWriter& string(std::string_view key, std::string_view value) {
        append_quoted(field(key), value);
        return *this;
    }

    ObjectWriter& number(std::string_view key, std::uint64_t value) {
        append_integer(field(key), value);
        return *this;
    }

    ObjectWriter& signed_number(std::string_view key, std::int64_t value) {
        append_integer(field(key), value);
        return *this;
    }

    ObjectWriter& boolean(std::string_view key, bool value) {
        field(key).append(value ? "true" : "false");
        return *this;
    }

    // Writes `"key":` and hands back the buffer so the caller can append a nested value.
    std::string& field(std::string_view key) {
        if (!first_) {
            out_.push_back(',');
        }
        first_ = false;
        out_.push_back('"');
        out_.append(key);
        out_.append("\":");
        return out_;
    }

    void close() { out_.push_back('}'); }

  private:
    std::string& out_;
    bool first_ = true;
};

}  // namespace ibasho::protocol::detail
