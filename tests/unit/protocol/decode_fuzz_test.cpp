// A small, deterministic fuzz pass: mangled frames never crash the decoder or escape it with an
// exception, and whatever it accepts is valid and re-encodes to something it accepts again.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "protocol/codec.hpp"
#include "protocol/encode_client.hpp"
#include "protocol/limits.hpp"

using namespace ibasho::protocol;

namespace {

const std::vector<std::string> seeds = {
    R"({"type":"hello","v":1,"resume":"AbCdEfGhIjKlMnOpQr-_09"})",
    R"({"type":"rooms"})",
    R"({"type":"join","room":"lobby","nick":"くも","since":41,"affirm":true,"listening":false})",
    R"({"type":"leave","room":"lobby"})",
    R"({"type":"say","room":"lobby","text":"こんばんは🌙 \"hi\" \\ \u3042","id":"m1"})",
    R"({"type":"stamp","room":"lobby","stamp":"wakaru","id":"s1","on":42})",
    R"({"type":"status","room":"lobby","listening":true})",
    R"({"type":"say","room":"lobby","text":"x","id":"m2","extra":[{"a":[1,2.5e3,null]}]})",
};

// Anything decode() accepts must satisfy the rules and survive a second trip.
void check_accepted(const DecodeResult& result) {
    if (!result.ok()) {
        CHECK_FALSE(result.error.message.empty());
        return;
    }
    const DecodeResult again = decode(encode(*result.message));
    REQUIRE(again.ok());
    CHECK(again.message->index() == result.message->index());
}

}  // namespace

TEST_CASE("every prefix of a valid frame is handled", "[protocol][fuzz]") {
    for (const std::string& seed : seeds) {
        for (std::size_t length = 0; length < seed.size(); ++length) {
            const DecodeResult result = decode(std::string_view(seed).substr(0, length));
            CHECK_FALSE(result.ok());
        }
        check_accepted(decode(seed));
        CHECK(decode(seed).ok());
    }
}

TEST_CASE("random mutations never crash or throw", "[protocol][fuzz]") {
    std::mt19937 rng(20251);  // fixed seed: a failure must reproduce
    static constexpr char symbols[] =
        "{}[]\":,\\ \n0123456789-.eEtruefalsn\x80\xbf\xc3\xe3\xf0\xff";
    // sizeof keeps the terminating NUL as one more symbol to try.
    const std::string alphabet(symbols, sizeof symbols);
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string frame = seeds[rng() % seeds.size()];
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !frame.empty(); ++e) {
            const std::size_t at = rng() % frame.size();
            switch (rng() % 5) {
                case 0:
                    frame[at] = static_cast<char>(frame[at] ^ (1 << (rng() % 8)));
                    break;
                case 1:
                    frame.erase(at, 1 + rng() % 4);
                    break;
                case 2:
                    frame.insert(at, 1, alphabet[rng() % alphabet.size()]);
                    break;
                case 3:
                    frame.insert(at, frame.substr(at, rng() % 16));
                    break;
                default:
                    frame[at] = alphabet[rng() % alphabet.size()];
            }
        }
        const DecodeResult result = decode(frame);
        accepted += result.ok() ? 1 : 0;
        check_accepted(result);
    }
    // Some mutations only touch ignored bytes; the rest must be refused, not half-accepted.
    CHECK(accepted > 0);
    CHECK(accepted < 20000);
}

TEST_CASE("random bytes never crash or throw", "[protocol][fuzz]") {
    std::mt19937 rng(7);
    for (int round = 0; round < 5000; ++round) {
        std::string frame(rng() % 64, '\0');
        for (char& c : frame) {
            c = static_cast<char>(rng() % 256);
        }
        CHECK_FALSE(decode(frame).ok());
    }
}

TEST_CASE("a full-size hostile frame is cheap to refuse", "[protocol][fuzz]") {
    const std::string opens(max_frame_bytes, '[');
    CHECK(decode(opens).error.code == ErrorCode::too_deep);
    std::string wide = R"({"type":"rooms")";
    while (wide.size() < max_frame_bytes) {
        wide += R"(,"k":[1,{"a":"b"}])";
    }
    wide += "}";
    CHECK(decode(wide).ok());
}
