// Writes the calendar test cases as one JSON object, {"<case>": "<ics text>", ..., "feed": ...},
// for tests/integration/ical_check.py to parse with Debian's python3-icalendar.
#include <iostream>
#include <nlohmann/json.hpp>

#include "server/events/ical_writer.hpp"
#include "tests/unit/calendar/ical_cases.hpp"

int main() {
    using namespace ibasho;
    events::IcalOptions options;
    options.host = "ibasho.example";
    options.now_ms = 1'790'000'000'000;
    options.schedule_url = "https://ibasho.example/#/schedule";
    options.calendar_name = "ibasho これからの集まり";
    nlohmann::json out = nlohmann::json::object();
    std::vector<events::Event> all;
    for (const auto& [name, event] : test::ical_cases()) {
        out[name] = events::write_ical({event}, options).text;
        all.push_back(event);
    }
    out["feed"] = events::write_ical(all, options).text;
    options.language = events::CalendarLanguage::en;
    out["paired_en"] = events::write_ical({all.at(10)}, options).text;
    std::cout << out.dump() << "\n";
    return 0;
}
