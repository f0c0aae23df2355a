#include "server/store/help_entries.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "moderation/utf8.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/random_token.hpp"

namespace ibasho {
namespace {

using nlohmann::json;

constexpr std::size_t name_max = 100;  // characters
constexpr std::size_t about_max = 500;
constexpr std::size_t hours_max = 100;
constexpr std::size_t phone_max = 32;  // octets
constexpr std::size_t url_max = 300;
constexpr std::size_t audience_max = 8;

std::size_t characters(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool has_control(const std::string& s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::optional<HelpEntryProblem> problem(std::string field, std::string message) {
    return HelpEntryProblem{std::move(field), std::move(message)};
}

// {"ja": "...", "en": "..."}: ja required (unless `optional_ja`), en optional, each a string
// of at most `max` characters with no control characters.
std::optional<HelpEntryProblem> check_text_pair(const json& v, const std::string& field,
                                                std::size_t max, bool ja_required, json& out) {
    if (!v.is_object()) {
        return problem(field, field + " must be an object {\"ja\", \"en\"}.");
    }
    out = json::object();
    for (const auto& [key, value] : v.items()) {
        if (key != "ja" && key != "en") {
            return problem(field + "." + key, field + " has only \"ja\" and \"en\".");
        }
        if (!value.is_string()) {
            return problem(field + "." + key, field + "." + key + " must be a string.");
        }
        const auto& s = value.get_ref<const std::string&>();
        if (!moderation::is_valid_utf8(s) || has_control(s)) {
            return problem(field + "." + key,
                           field + "." + key + " holds characters that are not text.");
        }
        if (characters(s) > max) {
            return problem(field + "." + key, field + "." + key + " is longer than " +
                                                  std::to_string(max) + " characters.");
        }
    }
    const std::string ja = v.value("ja", std::string());
    if (ja_required && ja.empty()) {
        return problem(field + ".ja", field + ".ja is required.");
    }
    out["ja"] = ja;
    out["en"] = v.value("en", std::string());
    return std::nullopt;
}

bool is_phone(const std::string& s) {
    return s.size() <= phone_max &&
           std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == ' ' || c == '(' ||
                      c == ')' || c == '#';
           });
}

bool is_web_url(const std::string& s) {
    if (s.size() > url_max || has_control(s) || s.find(' ') != std::string::npos) {
        return false;
    }
    const std::size_t scheme = s.rfind("https://", 0) == 0 ? 8 : s.rfind("http://", 0) == 0 ? 7 : 0;
    if (scheme == 0) {
        return false;
    }
    const std::string rest = s.substr(scheme);
    const std::string host = rest.substr(0, rest.find_first_of("/?#"));
    return !host.empty() && host.find('@') == std::string::npos &&
           host.find('.') != std::string::npos && std::all_of(host.begin(), host.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
           });
}

// The directory shape of one organisation entry (as client-web/public/help/directory.json
// writes its entries), or null when the body is not a valid entry.
json directory_entry(const StoreRecord& record) {
    const json body = json::parse(record.body, nullptr, false);
    if (!body.is_object()) {
        return nullptr;
    }
    const CleanHelpEntry clean = clean_help_entry(body);
    if (!clean.body) {
        return nullptr;
    }
    const json e = json::parse(*clean.body);
    json out = json::object();
    out["id"] = record.id;
    out["org"] = record.owner;
    out["name"] = e["name"];
    if (!e["about"]["ja"].get_ref<const std::string&>().empty()) {
        out["about"] = e["about"];
    }
    if (!e["phone"].get_ref<const std::string&>().empty()) {
        out["tel"] = e["phone"];
    }
    if (!e["url"].get_ref<const std::string&>().empty()) {
        out["url"] = e["url"];
    }
    out["hours"] = e["hours"];
    if (e["audience"] == json::array({"family"})) {
        out["for"] = "family";  // the families' section and path, as the shipped entries say it
    }
    out["audience"] = e["audience"];
    out["region"] = e["region"];
    if (e["featured"].get<bool>()) {
        out["featured"] = true;
    }
    if (e["verify"].get<bool>()) {
        out["verify"] = true;
    }
    return out;
}

}  // namespace

bool is_help_entry_id(std::string_view id) {
    return id.size() == 19 && id.substr(0, 3) == "he_" &&
           std::all_of(id.begin() + 3, id.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
           });
}

std::string new_help_entry_id() {
    return "he_" + random_base64url(12);
}

bool is_region(std::string_view region) {
    if (region.empty()) {
        return true;
    }
    if (region.size() != 5 || region.substr(0, 3) != "JP-" ||
        !std::isdigit(static_cast<unsigned char>(region[3])) ||
        !std::isdigit(static_cast<unsigned char>(region[4]))) {
        return false;
    }
    const int n = (region[3] - '0') * 10 + (region[4] - '0');
    return n >= 1 && n <= 47;
}

CleanHelpEntry clean_help_entry(const json& request) {
    CleanHelpEntry result;
    auto fail = [&result](std::optional<HelpEntryProblem> p) {
        result.problem = std::move(p);
        return result;
    };
    if (!request.is_object()) {
        return fail(problem("", "The body must be a JSON object."));
    }
    static const std::vector<std::string> known = {"name",   "about",    "phone",  "hours",
                                                   "url",    "audience", "region", "featured",
                                                   "verify", "id",       "org",    "version"};
    for (const auto& [key, value] : request.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            return fail(problem(key, "Unknown field \"" + key + "\"."));
        }
    }
    json out = json::object();
    if (!request.contains("name")) {
        return fail(problem("name", "name is required: {\"ja\", \"en\"}."));
    }
    json pair;
    if (auto p = check_text_pair(request["name"], "name", name_max, true, pair)) {
        return fail(p);
    }
    out["name"] = pair;
    pair = json{{"ja", ""}, {"en", ""}};
    if (request.contains("about") && !request["about"].is_null()) {
        if (auto p = check_text_pair(request["about"], "about", about_max, false, pair)) {
            return fail(p);
        }
    }
    out["about"] = pair;

    const std::string phone = request.contains("phone") && request["phone"].is_string()
                                  ? request["phone"].get<std::string>()
                                  : std::string();
    if (request.contains("phone") && !request["phone"].is_string()) {
        return fail(problem("phone", "phone must be a string."));
    }
    if (!phone.empty() && !is_phone(phone)) {
        return fail(problem("phone",
                            "phone must be a number as people dial it: digits, spaces, "
                            "'-', '+', '(', ')' and '#', at most 32."));
    }
    out["phone"] = phone;

    out["hours"] = nullptr;  // unknown: the client asks people to check the official hours
    if (request.contains("hours") && !request["hours"].is_null()) {
        if (auto p = check_text_pair(request["hours"], "hours", hours_max, true, pair)) {
            return fail(p);
        }
        out["hours"] = pair;
    }

    if (request.contains("url") && !request["url"].is_string()) {
        return fail(problem("url", "url must be a string."));
    }
    const std::string url = request.value("url", std::string());
    if (!url.empty() && !is_web_url(url)) {
        return fail(problem("url",
                            "url must be an http(s) address with a host name, at most 300 "
                            "characters."));
    }
    out["url"] = url;

    json audience = json::array();
    if (request.contains("audience")) {
        const json& a = request["audience"];
        if (!a.is_array() || a.size() > audience_max) {
            return fail(problem("audience", "audience must be a list of at most 8 audiences."));
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string field = "audience[" + std::to_string(i) + "]";
            if (!a[i].is_string() || !chat::is_known_audience(a[i].get_ref<const std::string&>())) {
                return fail(problem(field,
                                    "Each audience must be one of the rooms file's: open, "
                                    "age_u20, age_20s, age_30s, age_40plus, women, lgbtq, "
                                    "family."));
            }
            if (std::find(audience.begin(), audience.end(), a[i]) != audience.end()) {
                return fail(problem(field, "An audience is listed twice."));
            }
            audience.push_back(a[i]);
        }
    }
    out["audience"] = audience;

    if (request.contains("region") && !request["region"].is_string()) {
        return fail(problem("region", "region must be a string."));
    }
    const std::string region = request.value("region", std::string());
    if (!is_region(region)) {
        return fail(problem("region",
                            "region must be \"\" (nationwide) or a prefecture code "
                            "from \"JP-01\" to \"JP-47\"."));
    }
    out["region"] = region;

    for (const char* flag : {"featured", "verify"}) {
        if (request.contains(flag) && !request[flag].is_boolean()) {
            return fail(problem(flag, std::string(flag) + " must be true or false."));
        }
        out[flag] = request.value(flag, false);
    }
    result.body = out.dump();
    return result;
}

json help_entry_view(const StoreRecord& record) {
    json view = json::parse(record.body, nullptr, false);
    if (!view.is_object()) {
        view = json::object();
    }
    view["id"] = record.id;
    view["org"] = record.owner;
    view["version"] = record.version;
    return view;
}

std::string merge_help_directory(std::string_view directory_body,
                                 const std::vector<StoreRecord>& entries) {
    if (entries.empty()) {
        return std::string(directory_body);  // as written: the same bytes and ETag as before
    }
    json doc = json::parse(directory_body, nullptr, false);
    if (!doc.is_object()) {
        doc = json::object();
    }
    if (!doc.contains("entries") || !doc["entries"].is_array()) {
        doc["entries"] = json::array();
    }
    for (const StoreRecord& record : entries) {
        if (json e = directory_entry(record); !e.is_null()) {
            doc["entries"].push_back(std::move(e));
        }
    }
    return doc.dump();
}

std::string help_directory_for_region(std::string_view directory_json, std::string_view region) {
    json doc = json::parse(directory_json, nullptr, false);
    if (region.empty() || !doc.is_object() || !doc.contains("entries") ||
        !doc["entries"].is_array()) {
        return std::string(directory_json);
    }
    auto& list = doc["entries"];
    std::stable_partition(list.begin(), list.end(), [region](const json& e) {
        return e.is_object() && e.value("region", std::string()) == region;
    });
    return doc.dump();
}

}  // namespace ibasho
