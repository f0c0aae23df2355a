// The value of one hexadecimal digit, for percent-decoding request paths (static files and
// API route parameters decode with their own rules, but read digits the same way).
#pragma once

namespace ibasho::http {

// 0–15, or -1 for anything that is not a hex digit.
constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

}  // namespace ibasho::http
