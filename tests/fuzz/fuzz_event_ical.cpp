// The events API body and the calendar written from it: whatever JSON arrives, parse_event
// either names a problem or gives an event that survives its own round trip (to_json, then
// parse_event again, gives the same JSON), and the iCal text written for it keeps RFC 5545's
// line rules: CRLF ends only, no physical line over 75 octets, valid UTF-8 (a fold never splits
// a character), no control character but the line ends, BEGIN/END:VCALENDAR around it all.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "moderation/utf8.hpp"
#include "server/events/event_json.hpp"
#include "server/events/ical_text.hpp"
#include "server/events/ical_writer.hpp"

namespace {

using ibasho::events::Event;

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

void check_calendar(const std::string& text) {
    check(ibasho::moderation::is_valid_utf8(text));
    check(text.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
    check(text.size() >= 15 && text.compare(text.size() - 15, 15, "END:VCALENDAR\r\n") == 0);
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find("\r\n", start);
        check(end != std::string::npos);  // every line ends with CRLF
        const std::string_view line(text.data() + start, end - start);
        check(line.size() <= ibasho::events::ical_line_octets);
        for (const char c : line) {
            const auto u = static_cast<unsigned char>(c);
            check(u >= 0x20 || u == '\t');  // no bare CR or LF, no other control character
            check(u != 0x7f);
        }
        start = end + 2;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return 0;
    }
    Event event;
    if (ibasho::events::parse_event(body, event)) {
        return 0;  // a named problem: nothing else to hold
    }
    event.id = "ev_AAAAAAAAAAAAAAAA";
    event.org = "main";
    const nlohmann::json once = ibasho::events::to_json(event);
    Event again;
    check(!ibasho::events::parse_event(once, again));
    again.id = event.id;
    again.org = event.org;
    check(ibasho::events::to_json(again) == once);

    ibasho::events::IcalOptions options;
    options.now_ms = 1'796'000'000'000;
    options.schedule_url = "https://ibasho.example/#/schedule";
    options.calendar_name = "ibasho";
    check_calendar(ibasho::events::write_ical({event}, options).text);
    options.language = ibasho::events::CalendarLanguage::en;
    check_calendar(ibasho::events::write_ical({event}, options).text);
    return 0;
}
