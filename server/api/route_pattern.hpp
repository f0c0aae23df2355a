// A route's path pattern, "/api/rooms/:id": literal segments and ":name" parameters that
// match one non-empty segment each. No wildcards, no optional parts: a path matches or not.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api/message.hpp"

namespace ibasho::api {

class RoutePattern {
  public:
    // Throws std::invalid_argument for a pattern that does not start with '/', has an empty
    // segment, or an unnamed or repeated parameter (routes are built at start-up).
    explicit RoutePattern(std::string_view pattern);

    // The captured parameters (percent-decoded) when `path` matches; nullopt otherwise, and
    // also when a parameter's percent-encoding is broken or decodes to a '/' or a NUL.
    std::optional<Params> match(std::string_view path) const;
    const std::string& text() const { return text_; }

  private:
    struct Segment {
        std::string text;  // the literal, or the parameter's name
        bool param = false;
    };
    std::string text_;
    std::vector<Segment> segments_;
};

// Percent-decodes one path segment; nullopt for a broken escape.
std::optional<std::string> percent_decode(std::string_view in);

}  // namespace ibasho::api
