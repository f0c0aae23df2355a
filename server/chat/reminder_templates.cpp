#include "server/chat/reminder_templates.hpp"

#include <nlohmann/json.hpp>

namespace ibasho::chat {

std::optional<protocol::LocalizedText> reminder_in(const std::string& body, const std::string& id) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("templates") || !j["templates"].is_array()) {
        return std::nullopt;
    }
    for (const auto& t : j["templates"]) {
        if (t.is_object() && t.value("id", std::string()) == id) {
            return protocol::LocalizedText{t.value("ja", std::string()),
                                           t.value("en", std::string())};
        }
    }
    return std::nullopt;
}

void find_reminder(Store& store, const std::string& id,
                   std::function<void(std::optional<protocol::LocalizedText>)> done) {
    store.get(reminders_kind, reminders_id,
              [&store, id, done = std::move(done)](StoreResult r, StoreRecord rec) {
                  if (r == StoreResult::ok) {
                      done(reminder_in(rec.body, id));
                      return;
                  }
                  const std::string shipped = shipped_reminders_json;
                  if (r == StoreResult::not_found) {
                      StoreRecord seed;
                      seed.kind = reminders_kind;
                      seed.id = reminders_id;
                      seed.owner = "main";
                      seed.body = shipped;
                      store.put(std::move(seed), 0, nullptr);  // another node may win: fine
                  }
                  done(reminder_in(shipped, id));
              });
}

}  // namespace ibasho::chat
