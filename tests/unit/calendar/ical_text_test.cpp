#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "server/events/ical_text.hpp"

using ibasho::events::append_folded;
using ibasho::events::escape_text;

namespace {

std::vector<std::string> physical_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        REQUIRE(end != std::string::npos);  // every line ends with CRLF
        lines.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

std::string unfold(const std::vector<std::string>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out += i == 0 ? lines[i] : lines[i].substr(1);
    }
    return out;
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80         ? 1
                              : (c >> 5) == 6  ? 2
                              : (c >> 4) == 14 ? 3
                              : (c >> 3) == 30 ? 4
                                               : 0;
        if (n == 0 || i + n > s.size()) {
            return false;
        }
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += n;
    }
    return true;
}

}  // namespace

TEST_CASE("escape_text escapes backslash, semicolon, comma and every line break") {
    CHECK(escape_text("a\\b;c,d") == "a\\\\b\\;c\\,d");
    CHECK(escape_text("one\ntwo\r\nthree\rfour") == "one\\ntwo\\nthree\\nfour");
    CHECK(escape_text("家族のつどい、第2土曜") == "家族のつどい、第2土曜");  // 、 is not a comma
}

TEST_CASE("escape_text drops control characters but keeps a tab") {
    CHECK(escape_text(std::string("a\x01"
                                  "b\x7f"
                                  "c\td")) == "abc\td");
}

TEST_CASE("a short line is written as it is with CRLF") {
    std::string out;
    append_folded(out, "VERSION:2.0");
    CHECK(out == "VERSION:2.0\r\n");
}

TEST_CASE("a line of exactly 75 octets is not folded, 76 is") {
    std::string out;
    append_folded(out, std::string(75, 'x'));
    CHECK(physical_lines(out).size() == 1);
    out.clear();
    append_folded(out, std::string(76, 'x'));
    const auto lines = physical_lines(out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].size() == 75);
    CHECK(lines[1] == " x");
}

TEST_CASE("long ASCII folds at 75 octets and unfolds to the original") {
    std::string line = "DESCRIPTION:";
    for (int i = 0; i < 40; ++i) {
        line += "word" + std::to_string(i) + " ";
    }
    std::string out;
    append_folded(out, line);
    const auto lines = physical_lines(out);
    CHECK(lines.size() > 2);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        CHECK(lines[i].size() <= 75);
        if (i > 0) {
            CHECK(lines[i][0] == ' ');
        }
    }
    CHECK(unfold(lines) == line);
}

TEST_CASE("Japanese text folds without splitting a UTF-8 character") {
    // 3-byte characters after a 12-octet name: 75 is not a multiple of 3 from there.
    std::string line = "SUMMARY;X=1:";
    for (int i = 0; i < 60; ++i) {
        line += "あ";
    }
    line += "😀😀😀";  // and 4-byte ones
    std::string out;
    append_folded(out, line);
    const auto lines = physical_lines(out);
    CHECK(lines.size() >= 3);
    for (const auto& l : lines) {
        CHECK(l.size() <= 75);
        CHECK(valid_utf8(l));
    }
    CHECK(unfold(lines) == line);
}
