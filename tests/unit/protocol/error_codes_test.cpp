// Error codes: unique snake_case names, a sentence for each, and a working reverse lookup.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "protocol/error_codes.hpp"

using namespace ibasho::protocol;

namespace {

bool is_snake_case(std::string_view name) {
    if (name.empty() || name.front() == '_' || name.back() == '_') {
        return false;
    }
    char previous = 0;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok || (c == '_' && previous == '_')) {
            return false;
        }
        previous = c;
    }
    return true;
}

}  // namespace

TEST_CASE("every error code has a unique snake_case name and a sentence", "[protocol][codes]") {
    std::set<std::string_view> names;
    for (int i = 0; i < error_code_count; ++i) {
        const auto code = static_cast<ErrorCode>(i);
        const std::string_view name = to_string(code);
        INFO(name);
        CHECK(is_snake_case(name));
        CHECK(names.insert(name).second);
        const std::string_view message = default_message(code);
        CHECK(message.size() > 5);
        CHECK(message.back() == '.');
        REQUIRE(error_code_from_string(name));
        CHECK(*error_code_from_string(name) == code);
    }
    CHECK(names.size() == static_cast<std::size_t>(error_code_count));
}

TEST_CASE("names are stable", "[protocol][codes]") {
    // Clients switch on these strings; renaming one is a breaking change.
    CHECK(to_string(ErrorCode::bad_json) == "bad_json");
    CHECK(to_string(ErrorCode::text_too_long) == "text_too_long");
    CHECK(to_string(ErrorCode::affirmation_required) == "affirmation_required");
    CHECK(to_string(ErrorCode::internal_error) == "internal_error");
    CHECK_FALSE(error_code_from_string("no_such_code"));
    CHECK_FALSE(error_code_from_string(""));
}

TEST_CASE("make_error uses the default sentence", "[protocol][codes]") {
    const Error error = make_error(ErrorCode::room_full, "m1");
    CHECK(error.code == ErrorCode::room_full);
    CHECK(error.message == default_message(ErrorCode::room_full));
    CHECK(error.ref == "m1");
}
