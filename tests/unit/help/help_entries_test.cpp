#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "server/clock.hpp"
#include "server/store/help_entries.hpp"
#include "server/store/help_lines.hpp"
#include "server/store/help_seed.hpp"
#include "server/store/memory_store.hpp"

using namespace ibasho;
using nlohmann::json;

namespace {

json good_entry() {
    return json{{"name", {{"ja", "北区ひきこもり相談窓口"}, {"en", "Kita ward hikikomori desk"}}},
                {"phone", "03-1234-5678"},
                {"hours", {{"ja", "平日 9時〜17時"}, {"en", "Weekdays 9:00 to 17:00"}}},
                {"url", "https://www.city.kita.example/soudan/"},
                {"audience", {"family"}},
                {"region", "JP-13"}};
}

std::string problem_field(const json& body) {
    const auto clean = clean_help_entry(body);
    REQUIRE(clean.problem);
    return clean.problem->field;
}

StoreRecord record(std::string id, std::string owner, const json& body) {
    StoreRecord r;
    r.kind = help_entry_kind;
    r.id = std::move(id);
    r.owner = std::move(owner);
    r.body = *clean_help_entry(body).body;
    r.version = 1;
    return r;
}

std::string shipped() {
    std::ifstream in("client-web/public/help/directory.json");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("a good entry is kept with its defaults filled in") {
    const auto clean = clean_help_entry(good_entry());
    REQUIRE(clean.body);
    const json b = json::parse(*clean.body);
    CHECK(b["name"]["ja"] == "北区ひきこもり相談窓口");
    CHECK(b["phone"] == "03-1234-5678");
    CHECK(b["about"] == json{{"ja", ""}, {"en", ""}});
    CHECK(b["featured"] == false);
    CHECK(b["verify"] == false);
    CHECK(b.size() == 9);
    const auto minimal = clean_help_entry(json{{"name", {{"ja", "窓口"}}}});
    REQUIRE(minimal.body);
    CHECK(json::parse(*minimal.body)["hours"].is_null());
}

TEST_CASE("read-only fields are ignored and unknown ones refused by name") {
    json e = good_entry();
    e["id"] = "he_whatever";
    e["org"] = "other";
    e["version"] = 3;
    REQUIRE(clean_help_entry(e).body);
    CHECK(json::parse(*clean_help_entry(e).body).count("org") == 0);
    e["tel"] = "03";
    CHECK(problem_field(e) == "tel");
}

TEST_CASE("every bad field is named") {
    auto with = [](const char* key, json value) {
        json e = good_entry();
        e[key] = std::move(value);
        return e;
    };
    json no_name = good_entry();
    no_name.erase("name");
    CHECK(problem_field(no_name) == "name");
    CHECK(problem_field(with("name", {{"en", "Desk"}})) == "name.ja");
    CHECK(problem_field(with("name", "窓口")) == "name");
    CHECK(problem_field(with("name", {{"ja", std::string(101, 'a')}})) == "name.ja");
    CHECK(problem_field(with("name", {{"ja", "a\nb"}})) == "name.ja");
    CHECK(problem_field(with("name", {{"ja", "窓口"}, {"fr", "x"}})) == "name.fr");
    CHECK(problem_field(with("phone", "call us")) == "phone");
    CHECK(problem_field(with("phone", 31234)) == "phone");
    CHECK(problem_field(with("hours", {{"en", "9-5"}})) == "hours.ja");
    CHECK(problem_field(with("url", "javascript:alert(1)")) == "url");
    CHECK(problem_field(with("url", "https://user@host.example/")) == "url");
    CHECK(problem_field(with("audience", {"family", "aliens"})) == "audience[1]");
    CHECK(problem_field(with("audience", {"family", "family"})) == "audience[1]");
    CHECK(problem_field(with("audience", "family")) == "audience");
    CHECK(problem_field(with("region", "JP-48")) == "region");
    CHECK(problem_field(with("region", "tokyo")) == "region");
    CHECK(problem_field(with("featured", "yes")) == "featured");
    CHECK(problem_field(with("verify", 1)) == "verify");
    CHECK(problem_field(json::array()) == "");
}

TEST_CASE("regions are empty or JP-01 to JP-47") {
    CHECK(is_region(""));
    CHECK(is_region("JP-01"));
    CHECK(is_region("JP-47"));
    CHECK_FALSE(is_region("JP-00"));
    CHECK_FALSE(is_region("JP-1"));
    CHECK_FALSE(is_region("jp-13"));
}

TEST_CASE("help entry ids are he_ and 16 base64url characters") {
    const auto id = new_help_entry_id();
    CHECK(is_help_entry_id(id));
    CHECK(id != new_help_entry_id());
    CHECK_FALSE(is_help_entry_id("he_short"));
    CHECK_FALSE(is_help_entry_id("ev_AbCdEfGhIjKlMnOp"));
}

TEST_CASE("the shipped national lines come first, organisations' entries after, in its shape") {
    const std::string directory = shipped();
    const json before = json::parse(directory);
    const json merged = json::parse(merge_help_directory(
        directory, {record("he_AAAAAAAAAAAAAAAA", "main", good_entry()),
                    record("he_BBBBBBBBBBBBBBBB", "kita-npo", json{{"name", {{"ja", "相談"}}}})}));
    REQUIRE(merged["entries"].size() == before["entries"].size() + 2);
    CHECK(merged["entries"][0] == before["entries"][0]);  // the national lines keep their place
    CHECK(merged["emergency"] == before["emergency"]);
    CHECK(merged["_organisers"] == before["_organisers"]);  // the note to verify stays
    const json& mine = merged["entries"][before["entries"].size()];
    CHECK(mine["id"] == "he_AAAAAAAAAAAAAAAA");
    CHECK(mine["org"] == "main");
    CHECK(mine["tel"] == "03-1234-5678");  // the directory's own name for a phone number
    CHECK(mine["for"] == "family");
    CHECK(mine["region"] == "JP-13");
    CHECK(mine.count("phone") == 0);
    CHECK(mine.count("about") == 0);  // empty texts are left out, as the shipped file does
    const json& other = merged["entries"].back();
    CHECK(other["org"] == "kita-npo");
    CHECK(other.count("tel") == 0);
    CHECK(other.count("for") == 0);
}

TEST_CASE("a record that is not a valid entry is left out of the directory") {
    StoreRecord bad;
    bad.kind = help_entry_kind;
    bad.id = "he_CCCCCCCCCCCCCCCC";
    bad.owner = "main";
    bad.body = R"({"name":{"en":"no ja"}})";
    const json merged = json::parse(merge_help_directory(R"({"entries":[]})", {bad}));
    CHECK(merged["entries"].empty());
}

TEST_CASE("a region's entries come first, the rest keep their order") {
    json e13 = good_entry();
    json e27 = good_entry();
    e27["region"] = "JP-27";
    const std::string merged = merge_help_directory(
        shipped(),
        {record("he_AAAAAAAAAAAAAAAA", "main", e27), record("he_BBBBBBBBBBBBBBBB", "main", e13)});
    const json osaka = json::parse(help_directory_for_region(merged, "JP-27"));
    CHECK(osaka["entries"][0]["id"] == "he_AAAAAAAAAAAAAAAA");
    CHECK(osaka["entries"][1]["id"] == json::parse(merged)["entries"][0]["id"]);
    const json tokyo = json::parse(help_directory_for_region(merged, "JP-13"));
    CHECK(tokyo["entries"][0]["id"] == "he_BBBBBBBBBBBBBBBB");
    CHECK(help_directory_for_region(merged, "") == merged);
}

TEST_CASE("the help card and the contact shield see organisations' entries") {
    ManualClock clock;
    MemoryStore store{clock};
    seed_help_directory(store, shipped(), nullptr);
    HelpLines lines;
    lines.take(shipped());
    lines.follow(store);
    const auto before = lines.current();
    CHECK_FALSE(before->participants.allows_phone_digits("0312345678"));

    json local = good_entry();
    local["audience"] = json::array();  // for anyone: may go on the card
    local["featured"] = true;
    StoreRecord rec = record("he_AAAAAAAAAAAAAAAA", "main", local);
    store.put(rec, 0, nullptr);
    const auto after = lines.current();
    CHECK(after->participants.allows_phone_digits("0312345678"));
    CHECK(after->staff.allows_link("https://www.city.kita.example/soudan/page"));
    const json card = json::parse(after->card_lines_json);
    REQUIRE(card.size() == 3);
    CHECK(card[0]["id"] == "yorisoi");  // the shipped featured line first
    CHECK(card[1]["id"] == "he_AAAAAAAAAAAAAAAA");

    store.remove(help_entry_kind, rec.id, Store::any_version, nullptr);
    CHECK_FALSE(lines.current()->participants.allows_phone_digits("0312345678"));
}
