#include "server/store/reason_list.hpp"

#include <nlohmann/json.hpp>

#include "server/store/store.hpp"

namespace ibasho {

const char* default_reasons_json() {
    return R"({"reasons":[)"
           R"({"id":"hurtful","ja":"人を傷つける言葉","en":"Hurtful words"},)"
           R"({"id":"flood","ja":"連続投稿","en":"Flooding"},)"
           R"({"id":"spam","ja":"宣伝・スパム","en":"Advertising or spam"},)"
           R"({"id":"contact_seeking","ja":"連絡先の交換・外部への誘導","en":"Seeking contact or luring elsewhere"},)"
           R"({"id":"personal_info","ja":"個人が特定される情報","en":"Identifying details"},)"
           R"({"id":"off_topic","ja":"部屋の目的と違う話題","en":"Not what this room is for"},)"
           R"({"id":"pressure","ja":"押しつけ・説教","en":"Pressure or lecturing"},)"
           R"({"id":"care","ja":"ご本人の安全のため","en":"For the person's own safety"},)"
           R"({"id":"calm_down","ja":"部屋を落ち着かせるため","en":"To calm the room"},)"
           R"({"id":"handled","ja":"対応済み","en":"Handled"},)"
           R"({"id":"other","ja":"その他","en":"Other"}]})";
}

ReasonList::ReasonList() {
    take(default_reasons_json());
}

void ReasonList::follow(Store& store) {
    store.watch([this, &store](const StoreChange& change) {
        if (change.resync || change.kind == "reasons") {
            reload(store);
        }
    });
    reload(store);
}

void ReasonList::reload(Store& store) {
    store.get("reasons", "default", [this](StoreResult r, StoreRecord rec) {
        if (r == StoreResult::ok) {
            take(rec.body);
        } else if (r == StoreResult::not_found) {
            take(default_reasons_json());
        }
        // unavailable: keep what we have; the next change or resync reloads.
    });
}

void ReasonList::take(const std::string& body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("reasons") || !j["reasons"].is_array()) {
        return;
    }
    std::set<std::string, std::less<>> codes;
    for (const auto& r : j["reasons"]) {
        if (r.is_object() && r.contains("id") && r["id"].is_string()) {
            codes.insert(r["id"].get<std::string>());
        }
    }
    std::lock_guard lock(mutex_);
    codes_ = std::move(codes);
}

bool ReasonList::listed(std::string_view code) {
    std::lock_guard lock(mutex_);
    return codes_.find(code) != codes_.end();
}

}  // namespace ibasho
