// The WebSocket frame parser on a client's byte stream, whole and split at arbitrary points.
// Input: [limit byte][split count byte][2 bytes per split][the stream]. The events of every
// split must equal those of the unsplit stream, and every event must keep the parser's rules.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "protocol/utf8.hpp"
#include "server/ws/frame_parser.hpp"

namespace {

using ibasho::ws::FrameEvent;
using ibasho::ws::FrameParser;

struct Seen {
    FrameEvent::Kind kind;
    std::string payload;
    std::uint16_t code;
    bool operator==(const Seen&) const = default;
};

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

// Drains the parser, copying each event (its payload is valid only until the next call).
void drain(FrameParser& parser, std::size_t limit, std::vector<Seen>& out) {
    while (auto event = parser.next()) {
        const bool data =
            event->kind == FrameEvent::Kind::text || event->kind == FrameEvent::Kind::binary;
        if (data) {
            check(event->payload.size() <= limit);
        } else if (event->kind != FrameEvent::Kind::error) {
            check(event->payload.size() <= 125);
        }
        if (event->kind == FrameEvent::Kind::text || event->kind == FrameEvent::Kind::close) {
            check(ibasho::protocol::utf8::is_valid(event->payload));
        }
        if (event->kind == FrameEvent::Kind::close && event->code != 1005) {
            check(ibasho::ws::is_valid_close_code(event->code));
        }
        out.push_back(Seen{event->kind, std::string(event->payload), event->code});
    }
}

// Each piece in a buffer of its own, freed once the parser has drained it: the parser must have
// copied whatever it still needs (ASan reports a read of a freed piece).
std::vector<Seen> parse(const std::uint8_t* data, std::size_t size, std::size_t limit,
                        const std::vector<std::size_t>& cuts) {
    FrameParser parser(limit);
    std::vector<Seen> events;
    std::size_t from = 0;
    for (std::size_t i = 0; i <= cuts.size(); ++i) {
        const std::size_t to = i < cuts.size() ? cuts[i] : size;
        const std::size_t n = to - from;
        auto piece = std::make_unique<char[]>(n == 0 ? 1 : n);
        std::memcpy(piece.get(), data + from, n);
        parser.feed(std::span<char>(piece.get(), n));
        drain(parser, limit, events);
        from = to;
    }
    const bool failed = !events.empty() && events.back().kind == FrameEvent::Kind::error;
    for (std::size_t i = 0; i + 1 < events.size(); ++i) {
        check(events[i].kind != FrameEvent::Kind::error);  // nothing after an error
    }
    if (failed) {
        check(parser.empty());
    }
    return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    // Small limits reach the too-big paths; 255 means the server's default, 16 KiB.
    const std::size_t limit = data[0] == 255 ? 16 * 1024 : data[0];
    const std::size_t splits = data[1] % 9;
    data += 2;
    size -= 2;
    if (size < 2 * splits) {
        return 0;
    }
    std::vector<std::size_t> cuts;
    for (std::size_t i = 0; i < splits; ++i) {
        cuts.push_back((static_cast<std::size_t>(data[2 * i]) << 8) | data[2 * i + 1]);
    }
    data += 2 * splits;
    size -= 2 * splits;
    for (auto& cut : cuts) {
        cut = size == 0 ? 0 : cut % (size + 1);
    }
    std::sort(cuts.begin(), cuts.end());

    const std::vector<Seen> whole = parse(data, size, limit, {});
    // Every byte on its own is the harshest split; keep it to short streams.
    if (size <= 512) {
        std::vector<std::size_t> every;
        for (std::size_t i = 1; i < size; ++i) {
            every.push_back(i);
        }
        check(parse(data, size, limit, every) == whole);
    }
    check(parse(data, size, limit, cuts) == whole);
    return 0;
}
