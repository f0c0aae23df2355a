#include <catch2/catch.hpp>

#include "server/log.hpp"

using namespace ibasho;

TEST_CASE("log lines are key=value with quoting only where needed", "[log]") {
    const std::string line =
        log::format(log::Level::info, "room_joined",
                    {{"room", "hiroba"}, {"count", 3}, {"note", "a b\"c"}, {"ok", true}});
    CHECK(line.rfind("ts=", 0) == 0);
    CHECK(
        line.find(" level=info event=room_joined room=hiroba count=3 note=\"a b\\\"c\" ok=true") !=
        std::string::npos);
    CHECK(line.find('\n') == std::string::npos);
    const std::string nl = log::format(log::Level::warn, "x", {{"v", "line1\nline2"}});
    CHECK(nl.find('\n') == std::string::npos);
}

TEST_CASE("levels filter", "[log]") {
    log::Level l{};
    CHECK(log::parse_level("debug", l));
    CHECK(l == log::Level::debug);
    CHECK_FALSE(log::parse_level("verbose", l));
    log::set_level(log::Level::warn);
    CHECK_FALSE(log::enabled(log::Level::info));
    CHECK(log::enabled(log::Level::error));
    log::set_level(log::Level::off);
    CHECK_FALSE(log::enabled(log::Level::error));
    log::set_level(log::Level::info);
}
