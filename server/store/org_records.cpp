#include "server/store/org_records.hpp"

#include <algorithm>
#include <filesystem>
#include <regex>

namespace ibasho {

using nlohmann::json;

bool valid_org_id(std::string_view id) {
    static const std::regex pattern("^[a-z0-9][a-z0-9-]{1,31}$");
    return std::regex_match(id.begin(), id.end(), pattern);
}

bool valid_zone(std::string_view zone) {
    if (zone == "UTC" || zone == "Asia/Tokyo") {
        return true;
    }
    static const std::regex pattern("^[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+){1,2}$");
    if (zone.size() > 64 || !std::regex_match(zone.begin(), zone.end(), pattern)) {
        return false;
    }
    // The calendar feeds need the zone's rules: only a zone the system's tz database holds.
    std::error_code ec;
    return std::filesystem::is_regular_file("/usr/share/zoneinfo/" + std::string(zone), ec);
}

std::string org_body(const Org& o) {
    return json{{"name", {{"ja", o.name_ja}, {"en", o.name_en}}},
                {"zone", o.zone},
                {"created_ms", o.created_ms}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<Org> parse_org(const StoreRecord& rec) {
    const auto j = json::parse(rec.body, nullptr, false);
    if (!j.is_object() || !j.contains("name") || !j["name"].is_object()) {
        return std::nullopt;
    }
    Org o;
    o.id = rec.id;
    o.version = rec.version;
    o.name_ja = j["name"].value("ja", "");
    o.name_en = j["name"].value("en", "");
    if (j.contains("zone") && j["zone"].is_string()) {
        o.zone = j["zone"].get<std::string>();
    }
    if (j.contains("created_ms") && j["created_ms"].is_number_integer()) {
        o.created_ms = j["created_ms"].get<std::int64_t>();
    }
    return o;
}

json org_view(const Org& o) {
    return {{"id", o.id},
            {"name", {{"ja", o.name_ja}, {"en", o.name_en}}},
            {"zone", o.zone},
            {"created_ms", o.created_ms}};
}

std::optional<OrgProblem> apply_org_fields(const json& body, Org& o, bool need_name) {
    if (!body.is_object()) {
        return OrgProblem{"name", "The body must be an object."};
    }
    if (const auto it = body.find("name"); it != body.end()) {
        if (!it->is_object()) {
            return OrgProblem{"name", "name must be {\"ja\": ..., \"en\": ...}."};
        }
        for (const char* lang : {"ja", "en"}) {
            const auto t = it->find(lang);
            if (t == it->end() || !t->is_string() || t->get<std::string>().empty() ||
                t->get<std::string>().size() > 200) {
                return OrgProblem{std::string("name.") + lang,
                                  "The name needs 1 to 200 bytes in Japanese and English."};
            }
        }
        o.name_ja = (*it)["ja"].get<std::string>();
        o.name_en = (*it)["en"].get<std::string>();
    } else if (need_name) {
        return OrgProblem{"name", "name is required."};
    }
    if (const auto it = body.find("zone"); it != body.end()) {
        if (!it->is_string() || !valid_zone(it->get<std::string>())) {
            return OrgProblem{"zone", "zone must be a time zone name such as Asia/Tokyo."};
        }
        o.zone = it->get<std::string>();
    }
    return std::nullopt;
}

void ensure_main_org(Store& store, std::int64_t now_ms, std::function<void(bool)> done) {
    Org main;
    main.id = main_org_id;
    main.name_ja = "居場所";
    main.name_en = "ibasho";
    main.created_ms = now_ms;
    StoreRecord rec{org_kind, main.id, "", 0, org_body(main), {}};
    store.put(std::move(rec), 0, [done = std::move(done)](StoreResult r, std::uint64_t) {
        if (done) {
            done(r == StoreResult::ok || r == StoreResult::conflict);
        }
    });
}

}  // namespace ibasho
