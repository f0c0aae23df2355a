// The escaper: what is escaped, what is kept raw, and how ill-formed UTF-8 is repaired.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "protocol/json_escape.hpp"

using ibasho::protocol::json_quote;

TEST_CASE("plain ASCII is copied", "[protocol][escape]") {
    CHECK(json_quote("") == R"("")");
    CHECK(json_quote("hello world 123 </script>") == R"("hello world 123 </script>")");
}

TEST_CASE("quotes, backslashes and short escapes", "[protocol][escape]") {
    CHECK(json_quote("a\"b") == R"("a\"b")");
    CHECK(json_quote("a\\b") == R"("a\\b")");
    CHECK(json_quote("\n\r\t\b\f") == R"("\n\r\t\b\f")");
}

TEST_CASE("every other control character becomes \\u00XX", "[protocol][escape]") {
    CHECK(json_quote(std::string("\0", 1)) == R"("\u0000")");
    CHECK(json_quote("\x01") == R"("\u0001")");
    CHECK(json_quote("\x1b[0m") == R"("\u001b[0m")");
    CHECK(json_quote("\x1f") == R"("\u001f")");
    CHECK(json_quote("\x7f") == R"("\u007f")");
    CHECK(json_quote("\u0080\u0085\u009f") == R"("\u0080\u0085\u009f")");
}

TEST_CASE("line and paragraph separators are escaped", "[protocol][escape]") {
    CHECK(json_quote("a\u2028b\u2029c") == R"("a\u2028b\u2029c")");
}

TEST_CASE("other UTF-8 is kept as is", "[protocol][escape]") {
    CHECK(json_quote("わかる 🫂 ありがとう \u00a0\u00e9") ==
          "\"わかる 🫂 ありがとう \u00a0\u00e9\"");
    CHECK(json_quote("\u2027\u202a") == "\"\u2027\u202a\"");
    CHECK(json_quote("\U0010FFFF") == "\"\U0010FFFF\"");
}

TEST_CASE("ill-formed UTF-8 becomes U+FFFD, one per maximal subpart", "[protocol][escape]") {
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(json_quote("\xff") == "\"" + fffd + "\"");
    CHECK(json_quote("a\x80z") == "\"a" + fffd + "z\"");
    CHECK(json_quote("\xc0\xaf") == "\"" + fffd + fffd + "\"");
    CHECK(json_quote("\xed\xa0\x80") == "\"" + fffd + fffd + fffd + "\"");
    CHECK(json_quote("\xe3\x81") == "\"" + fffd + "\"");
    CHECK(json_quote("\xe3\x81z") == "\"" + fffd + "z\"");
    CHECK(json_quote("\xf4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");
    CHECK(json_quote("\xf0\x9f\x98") == "\"" + fffd + "\"");
}

TEST_CASE("escaped output always parses back to the input", "[protocol][escape]") {
    std::string all_ascii;
    for (int c = 0; c < 0x80; ++c) {
        all_ascii.push_back(static_cast<char>(c));
    }
    const std::string samples[] = {all_ascii, "こんにちは\n世界", "\"\\\"\\\\", "🙂\u2028🙃",
                                   std::string(1000, '"')};
    for (const std::string& sample : samples) {
        const std::string quoted = json_quote(sample);
        CHECK(quoted.find('\n') == std::string::npos);
        CHECK(nlohmann::json::parse(quoted).get<std::string>() == sample);
    }
}
