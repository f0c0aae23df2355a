// Every way the decoder refuses a frame, as one table: input -> expected error code.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "protocol/codec.hpp"
#include "protocol/limits.hpp"

using ibasho::protocol::decode;
using ibasho::protocol::ErrorCode;
using ibasho::protocol::to_string;

namespace {

struct BadCase {
    std::string name;
    std::string frame;
    ErrorCode expected;
};

std::string repeat(std::string_view piece, std::size_t times) {
    std::string out;
    out.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i) {
        out.append(piece);
    }
    return out;
}

std::string say_with_text(const std::string& json_text) {
    return R"({"type":"say","room":"lobby","id":"m1","text":)" + json_text + "}";
}

std::string join_with(const std::string& extra) {
    return R"({"type":"join","room":"lobby","nick":"kumo")" + extra + "}";
}

std::string hello_with(const std::string& extra) {
    return R"({"type":"hello")" + extra + "}";
}

std::vector<BadCase> bad_cases() {
    return {
        // Not JSON, or not UTF-8.
        {"empty frame", "", ErrorCode::bad_json},
        {"only whitespace", "  \n ", ErrorCode::bad_json},
        {"lone brace", "{", ErrorCode::bad_json},
        {"unterminated object", R"({"type":"hello")", ErrorCode::bad_json},
        {"unterminated string", R"({"type":"hel)", ErrorCode::bad_json},
        {"single quotes", "{'type':'hello'}", ErrorCode::bad_json},
        {"trailing comma", R"({"type":"hello",})", ErrorCode::bad_json},
        {"trailing garbage", R"({"type":"hello"} x)", ErrorCode::bad_json},
        {"two objects", R"({"type":"hello"}{"type":"rooms"})", ErrorCode::bad_json},
        {"two objects on two lines", "{\"type\":\"hello\"}\n{\"type\":\"rooms\"}",
         ErrorCode::bad_json},
        {"comment", R"({"type":"hello" /* hi */})", ErrorCode::bad_json},
        {"NaN", hello_with(R"(,"v":NaN)"), ErrorCode::bad_json},
        {"number overflow", hello_with(R"(,"x":1e400)"), ErrorCode::bad_json},
        {"nul byte after the object", std::string("{\"type\":\"hello\"}\0", 17),
         ErrorCode::bad_json},
        {"nul byte then more", std::string("{\"type\":\"hello\"}\0{\"x\":1}", 24),
         ErrorCode::bad_json},
        {"raw nul byte inside a string", say_with_text(std::string("\"a\0b\"", 5)),
         ErrorCode::bad_json},
        {"invalid byte 0xff in string", say_with_text("\"\xff\""), ErrorCode::bad_json},
        {"invalid byte 0xfe in key", "{\"\xfe\":1,\"type\":\"hello\"}", ErrorCode::bad_json},
        {"lone continuation byte", say_with_text("\"a\x80z\""), ErrorCode::bad_json},
        {"overlong slash", say_with_text("\"\xc0\xaf\""), ErrorCode::bad_json},
        {"overlong three-byte", say_with_text("\"\xe0\x80\xaf\""), ErrorCode::bad_json},
        {"raw surrogate bytes", say_with_text("\"\xed\xa0\x80\""), ErrorCode::bad_json},
        {"truncated sequence", say_with_text("\"\xe3\x81\""), ErrorCode::bad_json},
        {"beyond U+10FFFF", say_with_text("\"\xf4\x90\x80\x80\""), ErrorCode::bad_json},
        {"lone high surrogate escape", say_with_text(R"("\ud800")"), ErrorCode::bad_json},
        {"lone low surrogate escape", say_with_text(R"("\udc00x")"), ErrorCode::bad_json},
        {"raw control character in string", say_with_text("\"a\x01z\""), ErrorCode::bad_json},
        {"raw newline in string", say_with_text("\"a\nz\""), ErrorCode::bad_json},
        {"bad escape", say_with_text(R"("\q")"), ErrorCode::bad_json},
        {"duplicate type", R"({"type":"rooms","type":"hello"})", ErrorCode::bad_json},
        {"duplicate text", R"({"type":"say","room":"a","id":"1","text":"a","text":"b"})",
         ErrorCode::bad_json},
        {"duplicate via escape", R"({"type":"rooms","typ\u0065":"rooms"})", ErrorCode::bad_json},

        // Valid JSON, but not an object.
        {"array", "[]", ErrorCode::not_object},
        {"array holding a message", R"([{"type":"hello"}])", ErrorCode::not_object},
        {"string", R"("hello")", ErrorCode::not_object},
        {"number", "42", ErrorCode::not_object},
        {"null", "null", ErrorCode::not_object},
        {"true", "true", ErrorCode::not_object},

        // Too deep: refused while reading, before anything deep exists.
        {"10,000 open brackets", repeat("[", 10000), ErrorCode::too_deep},
        {"10,000 balanced brackets", repeat("[", 10000) + repeat("]", 10000), ErrorCode::too_deep},
        {"10,000 nested objects", repeat(R"({"a":)", 10000), ErrorCode::too_deep},
        {"depth five in an extra field", hello_with(R"(,"x":[[[[1]]]])"), ErrorCode::too_deep},
        {"depth five in a known field", say_with_text(R"({"a":{"b":{"c":{}}}})"),
         ErrorCode::too_deep},

        // The type field.
        {"empty object", "{}", ErrorCode::missing_field},
        {"no type", R"({"v":1})", ErrorCode::missing_field},
        {"null type", R"({"type":null})", ErrorCode::missing_field},
        {"number type", R"({"type":1})", ErrorCode::wrong_type},
        {"array type", R"({"type":["hello"]})", ErrorCode::wrong_type},
        {"object type", R"({"type":{"name":"hello"}})", ErrorCode::wrong_type},
        {"unknown type", R"({"type":"shout"})", ErrorCode::unknown_type},
        {"empty type", R"({"type":""})", ErrorCode::unknown_type},
        {"upper-case type", R"({"type":"HELLO"})", ErrorCode::unknown_type},
        {"server type from a client", R"({"type":"welcome"})", ErrorCode::unknown_type},

        // hello
        {"version 2", hello_with(R"(,"v":2)"), ErrorCode::unsupported_version},
        {"version 0", hello_with(R"(,"v":0)"), ErrorCode::unsupported_version},
        {"version -1", hello_with(R"(,"v":-1)"), ErrorCode::unsupported_version},
        {"version 1.5", hello_with(R"(,"v":1.5)"), ErrorCode::unsupported_version},
        {"version as string", hello_with(R"(,"v":"1")"), ErrorCode::wrong_type},
        {"resume as number", hello_with(R"(,"resume":123)"), ErrorCode::wrong_type},
        {"resume empty", hello_with(R"(,"resume":"")"), ErrorCode::bad_token},
        {"resume short", hello_with(R"(,"resume":"abc")"), ErrorCode::bad_token},
        {"resume 23 chars", hello_with(R"(,"resume":"AAAAAAAAAAAAAAAAAAAAAAA")"),
         ErrorCode::bad_token},
        {"resume with plus", hello_with(R"(,"resume":"AAAAAAAAAAAAAAAAAAAAA+")"),
         ErrorCode::bad_token},
        {"resume with padding", hello_with(R"(,"resume":"AAAAAAAAAAAAAAAAAAAA==")"),
         ErrorCode::bad_token},

        // join
        {"join without room", R"({"type":"join","nick":"kumo"})", ErrorCode::missing_field},
        {"join without nick", R"({"type":"join","room":"lobby"})", ErrorCode::missing_field},
        {"join with null room", R"({"type":"join","room":null,"nick":"kumo"})",
         ErrorCode::missing_field},
        {"number for room", R"({"type":"join","room":42,"nick":"kumo"})", ErrorCode::wrong_type},
        {"array for room", R"({"type":"join","room":["lobby"],"nick":"kumo"})",
         ErrorCode::wrong_type},
        {"number for nick", R"({"type":"join","room":"lobby","nick":7})", ErrorCode::wrong_type},
        {"empty room", R"({"type":"join","room":"","nick":"kumo"})", ErrorCode::bad_room_id},
        {"upper-case room", R"({"type":"join","room":"Lobby","nick":"kumo"})",
         ErrorCode::bad_room_id},
        {"room starting with dash", R"({"type":"join","room":"-lobby","nick":"kumo"})",
         ErrorCode::bad_room_id},
        {"room with underscore", R"({"type":"join","room":"lobby_1","nick":"kumo"})",
         ErrorCode::bad_room_id},
        {"room with space", R"({"type":"join","room":"the lobby","nick":"kumo"})",
         ErrorCode::bad_room_id},
        {"room in Japanese", R"({"type":"join","room":"ロビー","nick":"kumo"})",
         ErrorCode::bad_room_id},
        {"room of 49 chars", R"({"type":"join","room":")" + repeat("a", 49) + R"(","nick":"kumo"})",
         ErrorCode::bad_room_id},
        {"empty nick", R"({"type":"join","room":"lobby","nick":""})", ErrorCode::bad_nick},
        {"nick of 257 bytes",
         R"({"type":"join","room":"lobby","nick":")" + repeat("n", 257) + R"("})",
         ErrorCode::bad_nick},
        {"nick of 86 kana (258 bytes)",
         R"({"type":"join","room":"lobby","nick":")" + repeat("な", 86) + R"("})",
         ErrorCode::bad_nick},
        {"negative since", join_with(R"(,"since":-1)"), ErrorCode::bad_since},
        {"fractional since", join_with(R"(,"since":1.5)"), ErrorCode::bad_since},
        {"exponent since", join_with(R"(,"since":1e3)"), ErrorCode::bad_since},
        {"since past 2^64", join_with(R"(,"since":18446744073709551616)"), ErrorCode::bad_since},
        {"since below -2^63", join_with(R"(,"since":-9223372036854775809)"), ErrorCode::bad_since},
        {"since as string", join_with(R"(,"since":"3")"), ErrorCode::wrong_type},
        {"since as bool", join_with(R"(,"since":true)"), ErrorCode::wrong_type},
        {"affirm as string", join_with(R"(,"affirm":"yes")"), ErrorCode::wrong_type},
        {"affirm as number", join_with(R"(,"affirm":1)"), ErrorCode::wrong_type},
        {"listening as string", join_with(R"(,"listening":"true")"), ErrorCode::wrong_type},

        // leave
        {"leave without room", R"({"type":"leave"})", ErrorCode::missing_field},
        {"leave with bad room", R"({"type":"leave","room":"Lobby!"})", ErrorCode::bad_room_id},

        // say
        {"say without room", R"({"type":"say","text":"hi","id":"m1"})", ErrorCode::missing_field},
        {"say without text", R"({"type":"say","room":"lobby","id":"m1"})",
         ErrorCode::missing_field},
        {"say without id", R"({"type":"say","room":"lobby","text":"hi"})",
         ErrorCode::missing_field},
        {"number for text", say_with_text("12"), ErrorCode::wrong_type},
        {"object for text", say_with_text(R"({"ja":"hi"})"), ErrorCode::wrong_type},
        {"number for id", R"({"type":"say","room":"lobby","text":"hi","id":1})",
         ErrorCode::wrong_type},
        {"empty id", R"({"type":"say","room":"lobby","text":"hi","id":""})", ErrorCode::bad_id},
        {"id with space", R"({"type":"say","room":"lobby","text":"hi","id":"m 1"})",
         ErrorCode::bad_id},
        {"id with slash", R"({"type":"say","room":"lobby","text":"hi","id":"m/1"})",
         ErrorCode::bad_id},
        {"id in Japanese", R"({"type":"say","room":"lobby","text":"hi","id":"メッセージ"})",
         ErrorCode::bad_id},
        {"id of 65 chars",
         R"({"type":"say","room":"lobby","text":"hi","id":")" + repeat("a", 65) + R"("})",
         ErrorCode::bad_id},
        {"empty text", say_with_text(R"("")"), ErrorCode::empty_text},
        {"spaces only", say_with_text(R"("   ")"), ErrorCode::empty_text},
        {"newlines and tabs only", say_with_text(R"("\n\t\r\n")"), ErrorCode::empty_text},
        {"ideographic spaces only", say_with_text("\"\u3000\u3000\""), ErrorCode::empty_text},
        {"no-break spaces only", say_with_text(R"("\u00a0 \u00a0")"), ErrorCode::empty_text},
        {"zero-width space only", say_with_text(R"("\u200b")"), ErrorCode::empty_text},
        {"hangul filler only", say_with_text(R"("\u3164\u3164")"), ErrorCode::empty_text},
        {"2001 Japanese characters", say_with_text("\"" + repeat("あ", 2001) + "\""),
         ErrorCode::text_too_long},
        {"2001 emoji", say_with_text("\"" + repeat("😀", 2001) + "\""), ErrorCode::text_too_long},
        {"2001 escaped characters", say_with_text("\"" + repeat(R"(\u3042)", 2001) + "\""),
         ErrorCode::text_too_long},
        {"escaped NUL", say_with_text(R"("a\u0000b")"), ErrorCode::bad_text_encoding},
        {"escaped bell", say_with_text(R"("a\u0007b")"), ErrorCode::bad_text_encoding},
        {"ANSI escape", say_with_text(R"("\u001b[31mred")"), ErrorCode::bad_text_encoding},
        {"DEL", say_with_text(R"("a\u007fb")"), ErrorCode::bad_text_encoding},
        {"C1 control", say_with_text(R"("a\u0085b")"), ErrorCode::bad_text_encoding},

        // stamp
        {"stamp without stamp", R"({"type":"stamp","room":"lobby","id":"s1"})",
         ErrorCode::missing_field},
        {"stamp without id", R"({"type":"stamp","room":"lobby","stamp":"hug"})",
         ErrorCode::missing_field},
        {"unknown stamp", R"({"type":"stamp","room":"lobby","stamp":"heart","id":"s1"})",
         ErrorCode::bad_stamp},
        {"upper-case stamp", R"({"type":"stamp","room":"lobby","stamp":"LIKE","id":"s1"})",
         ErrorCode::bad_stamp},
        {"emoji as stamp", R"({"type":"stamp","room":"lobby","stamp":"👍","id":"s1"})",
         ErrorCode::bad_stamp},
        {"number for stamp", R"({"type":"stamp","room":"lobby","stamp":1,"id":"s1"})",
         ErrorCode::wrong_type},
        {"stamp on a string", R"({"type":"stamp","room":"lobby","stamp":"hug","id":"s1","on":"4"})",
         ErrorCode::wrong_type},
        {"stamp on negative", R"({"type":"stamp","room":"lobby","stamp":"hug","id":"s1","on":-4})",
         ErrorCode::wrong_type},

        // status
        {"status without listening", R"({"type":"status","room":"lobby"})",
         ErrorCode::missing_field},
        {"status without room", R"({"type":"status","listening":true})", ErrorCode::missing_field},
        {"status listening as number", R"({"type":"status","room":"lobby","listening":0})",
         ErrorCode::wrong_type},
    };
}

}  // namespace

TEST_CASE("decode refuses every bad frame with the right code", "[protocol][decode]") {
    for (const BadCase& c : bad_cases()) {
        DYNAMIC_SECTION(c.name) {
            const auto result = decode(c.frame);
            REQUIRE_FALSE(result.ok());
            CHECK(to_string(result.error.code) == to_string(c.expected));
            // Every refusal carries a sentence a person can act on.
            CHECK_FALSE(result.error.message.empty());
            CHECK(result.error.message.find('\n') == std::string::npos);
        }
    }
}

TEST_CASE("error messages name the field at fault", "[protocol][decode]") {
    CHECK_THAT(decode(R"({"type":"join","room":42,"nick":"kumo"})").error.message,
               Catch::Contains("\"room\""));
    CHECK_THAT(decode(R"({"type":"join","room":"lobby"})").error.message,
               Catch::Contains("\"nick\""));
    CHECK_THAT(decode(R"({"type":"join","room":"lobby","nick":"k","since":-2})").error.message,
               Catch::Contains("\"since\""));
    CHECK_THAT(decode(R"({"type":"say","room":"lobby","id":"m1","text":" "})").error.message,
               Catch::Contains("\"text\""));
    CHECK_THAT(decode(R"({"type":"hello","resume":"x"})").error.message,
               Catch::Contains("\"resume\""));
    CHECK_THAT(decode(R"({"type":"stamp","room":"lobby","stamp":"x","id":"s"})").error.message,
               Catch::Contains("\"stamp\""));
}

TEST_CASE("error messages never quote the client's text back", "[protocol][decode]") {
    const auto result =
        decode("{\"type\":\"say\",\"room\":\"lobby\",\"id\":\"m1\",\"text\":\"secret\xff\"}");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error.message.find("secret") == std::string::npos);
    const auto unknown = decode(R"({"type":"my-secret-type"})");
    CHECK(unknown.error.message.find("my-secret-type") == std::string::npos);
}

TEST_CASE("ref carries the frame's id when it is well formed", "[protocol][decode]") {
    SECTION("a bad room in a say frame") {
        const auto result = decode(R"({"type":"say","room":"Bad Room","text":"hi","id":"m-42"})");
        REQUIRE_FALSE(result.ok());
        CHECK(result.error.code == ErrorCode::bad_room_id);
        CHECK(result.error.ref == "m-42");
    }
    SECTION("text too long") {
        const auto result = decode(R"({"type":"say","room":"lobby","id":"abc_1","text":")" +
                                   repeat("x", 2001) + R"("})");
        CHECK(result.error.code == ErrorCode::text_too_long);
        CHECK(result.error.ref == "abc_1");
    }
    SECTION("an unknown type still answers the id") {
        CHECK(decode(R"({"type":"shout","id":"q1"})").error.ref == "q1");
    }
    SECTION("an ill-formed id is not echoed") {
        const auto result = decode(R"({"type":"say","room":"lobby","text":"hi","id":"m 1"})");
        CHECK(result.error.code == ErrorCode::bad_id);
        CHECK(result.error.ref.empty());
    }
    SECTION("a non-string id is not echoed") {
        CHECK(decode(R"({"type":"say","room":"lobby","text":"","id":5})").error.ref.empty());
    }
    SECTION("syntax errors have no ref") {
        CHECK(decode(R"({"type":"say","id":"m1",)").error.ref.empty());
    }
}

TEST_CASE("text length is counted in code points, not bytes", "[protocol][decode]") {
    using ibasho::protocol::max_text_chars;
    CHECK(decode(say_with_text("\"" + repeat("あ", max_text_chars) + "\"")).ok());
    CHECK(decode(say_with_text("\"" + repeat("😀", max_text_chars) + "\"")).ok());
    CHECK(decode(say_with_text("\"" + repeat("a", max_text_chars) + "\"")).ok());
    CHECK(decode(say_with_text("\"" + repeat("a", max_text_chars + 1) + "\"")).error.code ==
          ErrorCode::text_too_long);
}

TEST_CASE("nesting up to max_json_depth is accepted", "[protocol][decode]") {
    // The top-level object is depth 1, so an extra field may nest three more levels.
    CHECK(decode(hello_with(R"(,"x":[[[1]]])")).ok());
    CHECK(decode(hello_with(R"(,"x":{"a":{"b":{}}})")).ok());
}
