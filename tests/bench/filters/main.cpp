// ibasho-filter-bench: the cost per message of each safety filter on the say path, and of the
// whole screen, on the moderation test corpora (issue 12). See --help.
#include <charconv>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include "moderation/blocked_words.hpp"
#include "moderation/contact_shield.hpp"
#include "moderation/text_fold.hpp"
#include "server/chat/say_screen.hpp"
#include "server/store/help_seed.hpp"
#include "tests/bench/filters/corpus.hpp"
#include "tests/bench/filters/measure.hpp"
#include "tests/bench/filters/report.hpp"
#include "tests/support/chat_harness.hpp"

namespace ibasho::bench {
namespace {

constexpr const char* usage = R"(usage: ibasho-filter-bench [options]
Times the say path's safety filters per message (one thread): the contact shield with the
help directory's allowance, fold_for_matching, the shipped crisis lexicon and the shipped
blocked words (both on the folded text), and screen_say as a whole, on the moderation test
corpora split into Japanese and English lines.
  --seconds S       length of one run (default 1)
  --runs N          runs per measurement; the median counts (default 5)
  --corpus DIR      the corpus folder (default the source tree's tests/unit/moderation/corpus)
  --directory FILE  the help directory (default the source tree's client-web/public/help/directory.json)
  --json            after the table, print the results as one JSON line
Exits 1 when an input does not exercise its filter (no crisis line matched, no contact line
masked, a directory without numbers): a broken data path must not pass as a fast one.
)";

// A room for everyone, as most rooms are: entries scoped to other audiences do not apply.
constexpr const char* rooms_json = R"({
  "defaults": {"capacity": 50, "rate_limit": "off"},
  "rooms": [{"id": "bench", "name": {"ja": "ひろば", "en": "Square"}, "audience": ["open"]}]
})";

struct Options {
    MeasureSettings settings;
    std::string corpus = IBASHO_SOURCE_DIR "/tests/unit/moderation/corpus";
    std::string directory = IBASHO_SOURCE_DIR "/client-web/public/help/directory.json";
    bool json = false;
};

template <typename T>
bool parse_number(std::string_view text, T& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && out > 0;
}

// False (and a message on stderr) on a bad command line; `done` when --help was answered.
bool parse_options(int argc, char** argv, Options& o, bool& done) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--help" || arg == "-h") {
            std::cout << usage;
            done = true;
            return true;
        } else if (arg == "--json") {
            o.json = true;
        } else if (arg == "--seconds" && has_value) {
            if (!parse_number(argv[++i], o.settings.seconds_per_run)) {
                std::cerr << "--seconds: a positive number\n";
                return false;
            }
        } else if (arg == "--runs" && has_value) {
            if (!parse_number(argv[++i], o.settings.runs)) {
                std::cerr << "--runs: a positive whole number\n";
                return false;
            }
        } else if (arg == "--corpus" && has_value) {
            o.corpus = argv[++i];
        } else if (arg == "--directory" && has_value) {
            o.directory = argv[++i];
        } else {
            std::cerr << "unknown or incomplete argument " << arg << " (see --help)\n";
            return false;
        }
    }
    return true;
}

int run(const Options& o) {
    // The harness's memory node holds the service screen_say reads its lists from: the
    // shipped blocked words (BlockedWordList starts with them) and the help directory,
    // taken from the same file the server seeds its Store with.
    test::ChatNode node(rooms_json);
    node.settle();
    if (!node.help.take(load_help_directory(o.directory)) || node.help.current()->phones.empty()) {
        std::cerr << o.directory << ": no help directory numbers (the shield's allowance)\n";
        return 1;
    }
    const auto help = node.help.current();
    const auto words = node.blocked_words.current();
    const auto& lexicon = chat::shipped_crisis_lexicon();
    const auto rooms = node.catalog.snapshot();  // keeps the room alive
    const chat::RoomConfig& room = *rooms->find("bench");

    Report report;
    report.nproc = static_cast<int>(std::thread::hardware_concurrency());
    report.cpu_model = cpu_model();
    report.settings = o.settings;
    bool exercised = true;
    for (const auto& set : load_message_sets(o.corpus)) {
        const auto& lines = set.lines;
        std::vector<std::string> folded;
        SetResult r;
        r.name = set.name;
        r.language = set.language;
        r.lines = lines.size();
        for (const auto& line : lines) {
            folded.push_back(moderation::fold_for_matching(line));
            r.hits.masked += moderation::shield_contacts(line, &help->participants).masked;
            r.hits.crisis += lexicon.matches_folded(folded.back());
            r.hits.blocked += words->match(folded.back(), room.id, room.audience).has_value();
        }
        if ((set.name == "crisis" && r.hits.crisis == 0) ||
            (set.name == "contact" && r.hits.masked == 0)) {
            std::cerr << set.name << " " << set.language << ": the filter found nothing\n";
            exercised = false;
        }
        const auto& s = o.settings;
        r.timings[0] = measure(
            lines.size(),
            [&](std::size_t i) {
                return moderation::shield_contacts(lines[i], &help->participants).text.size();
            },
            s);
        r.timings[1] = measure(
            lines.size(),
            [&](std::size_t i) { return moderation::fold_for_matching(lines[i]).size(); }, s);
        r.timings[2] = measure(
            lines.size(),
            [&](std::size_t i) { return std::size_t(lexicon.matches_folded(folded[i])); }, s);
        r.timings[3] = measure(
            lines.size(),
            [&](std::size_t i) {
                return std::size_t(words->match(folded[i], room.id, room.audience).has_value());
            },
            s);
        r.timings[4] = measure(
            lines.size(),
            [&](std::size_t i) {
                const auto out = chat::screen_say(node.service, room, lines[i], false);
                return out.text.size() + out.flagged();
            },
            s);
        report.sets.push_back(std::move(r));
    }
    write_table(std::cout, report);
    if (o.json) {
        write_json(std::cout, report);
    }
    return exercised ? 0 : 1;
}

}  // namespace
}  // namespace ibasho::bench

int main(int argc, char** argv) {
    ibasho::bench::Options options;
    bool done = false;
    if (!ibasho::bench::parse_options(argc, argv, options, done)) {
        return 2;
    }
    if (done) {
        return 0;
    }
    try {
        return ibasho::bench::run(options);
    } catch (const std::exception& e) {
        std::cerr << "ibasho-filter-bench: " << e.what() << "\n";
        return 1;
    }
}
