#include "tests/unit/calendar/ical_cases.hpp"

namespace ibasho::test {
namespace {

events::Event base(std::string id, std::string ja, std::string en) {
    events::Event e;
    e.id = std::move(id);
    e.org = "main";
    e.title = {std::move(ja), std::move(en)};
    e.description = {"ゆっくり話せる時間です。", "A quiet hour to talk."};
    e.start_ms = dec12_0100z;
    e.end_ms = dec12_0100z + 90 * 60'000;
    e.zone = "Asia/Tokyo";
    e.audience = {"open"};
    e.rooms = {{"tsudoi", "", {"st_supporterAAAAAAAA"}}};
    e.version = 3;
    return e;
}

}  // namespace

std::vector<std::pair<std::string, events::Event>> ical_cases() {
    std::vector<std::pair<std::string, events::Event>> out;

    out.emplace_back("single", base("ev_SingleAAAAAAAAAA", "おしゃべり会", "Chat circle"));

    auto weekly = base("ev_WeeklyUntilAAAAA", "毎週の集まり", "Weekly gathering");
    weekly.recurrence.freq = events::Frequency::weekly;
    weekly.recurrence.until_ms = 1'801'407'600'000;  // 2027-01-31T15:00:00Z
    out.emplace_back("weekly_until", weekly);

    auto weekly_count = base("ev_WeeklyCountAAAAA", "毎週（6回）", "Weekly, six times");
    weekly_count.recurrence.freq = events::Frequency::weekly;
    weekly_count.recurrence.count = 6;
    out.emplace_back("weekly_count", weekly_count);

    auto biweekly = base("ev_BiweeklyUntilAAA", "隔週の集まり", "Every other week");
    biweekly.recurrence.freq = events::Frequency::biweekly;
    biweekly.recurrence.until_ms = 1'801'407'600'000;
    out.emplace_back("biweekly_until", biweekly);

    auto biweekly_count = base("ev_BiweeklyCountAAA", "隔週（4回）", "Every other week, 4 times");
    biweekly_count.recurrence.freq = events::Frequency::biweekly;
    biweekly_count.recurrence.count = 4;
    out.emplace_back("biweekly_count", biweekly_count);

    // The 2nd Saturday, until the end of June 2027, with January's cancelled.
    auto monthly = base("ev_MonthlyUntilAAAA", "家族のつどい", "Family meeting");
    monthly.audience = {"family"};
    monthly.recurrence.freq = events::Frequency::monthly_weekday;
    monthly.recurrence.week = 2;
    monthly.recurrence.weekday = 6;
    monthly.recurrence.until_ms = 1'814'367'600'000;  // 2027-06-30T15:00:00Z
    monthly.cancelled_ms = {1'799'456'400'000};       // 2027-01-09T01:00:00Z
    out.emplace_back("monthly_until_cancelled", monthly);

    // The same rule with COUNT and the week left for the writer to derive (0).
    auto monthly_count = base("ev_MonthlyCountAAAA", "第2土曜（3回）", "2nd Saturday, 3 times");
    monthly_count.recurrence.freq = events::Frequency::monthly_weekday;
    monthly_count.recurrence.count = 3;
    out.emplace_back("monthly_count", monthly_count);

    auto last = base("ev_MonthlyLastAAAAA", "最終土曜", "Last Saturday");
    last.start_ms = dec12_0100z + 14 * day_ms;  // 2026-12-26, the last Saturday
    last.end_ms = last.start_ms + hour_ms;
    last.recurrence.freq = events::Frequency::monthly_weekday;
    last.recurrence.week = -1;
    last.recurrence.weekday = 6;
    last.recurrence.count = 3;
    out.emplace_back("monthly_last", last);

    auto cancelled = base("ev_CancelledSingleA", "中止の会", "Cancelled meeting");
    cancelled.cancelled_ms = {cancelled.start_ms};
    out.emplace_back("single_cancelled", cancelled);

    auto in_person = base("ev_InPersonAAAAAAAA", "カフェの会", "Cafe meeting");
    in_person.rooms.clear();
    in_person.place = {"区民センター 2階; 会議室A, 駅から5分",
                       "Ward centre, 2F; room A, 5 min from the station"};
    out.emplace_back("in_person", in_person);

    auto paired = base("ev_PairedAAAAAAAAAA", "ご本人とご家族の会", "Lived experience and family");
    paired.audience = {"open", "family"};
    paired.rooms = {{"tsudoi-honnin", "lived", {"st_livedSupporterAAA"}},
                    {"tsudoi-kazoku", "family", {"st_familySupporterAA"}}};
    out.emplace_back("paired", paired);

    auto long_text =
        base("ev_LongJapaneseAAAA",
             "ひきこもりの経験がある方と、そのご家族のための、ゆっくり話せるオンラインの集まり（第"
             "二土曜日）",
             "A slow online gathering for people with experience of withdrawal and their families");
    long_text.description = {
        "この集まりでは、無理に話さなくても大丈夫です。聞いているだけでも参加できます。\n"
        "話したいことがあれば、話したいときに、話したい分だけどうぞ。ピアサポーターがいます。",
        "You do not have to speak; listening is taking part too.\nA peer supporter is there."};
    out.emplace_back("long_japanese", long_text);

    // Daylight time: 10:00 in London on Saturdays across the end of March 2027.
    auto london = base("ev_LondonWeeklyAAAA", "ロンドンの会", "London meeting");
    london.zone = "Europe/London";
    london.start_ms = 1'803'117'600'000;  // 2027-02-20T10:00:00Z (10:00 GMT)
    london.end_ms = london.start_ms + hour_ms;
    london.recurrence.freq = events::Frequency::weekly;
    london.recurrence.count = 8;
    out.emplace_back("london_weekly", london);
    return out;
}

}  // namespace ibasho::test
