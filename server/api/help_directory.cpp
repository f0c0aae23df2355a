#include "server/api/help_directory.hpp"

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/log.hpp"
#include "server/store/help_seed.hpp"
#include "server/store/store.hpp"

namespace ibasho::api {

HelpProvider help_from_file(const std::string& path) {
    std::shared_ptr<const std::string> text;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        log::warn("help_directory_missing", {{"path", path}});
    } else {
        std::ostringstream ss;
        ss << in.rdbuf();
        const auto doc = nlohmann::json::parse(ss.str(), nullptr, false);
        if (doc.is_discarded() || !doc.is_object()) {
            log::error("help_directory_invalid", {{"path", path}});
        } else {
            text = std::make_shared<const std::string>(ss.str());
        }
    }
    return [text](HelpDone done) {
        if (text) {
            done(true, *text);
        } else {
            done(false, {});
        }
    };
}

HelpProvider help_from_store(Store& store) {
    return [&store](HelpDone done) {
        store.get(help_kind, help_directory_id,
                  [done = std::move(done)](StoreResult r, StoreRecord record) {
                      if (r == StoreResult::ok) {
                          done(true, std::move(record.body));
                      } else {
                          done(false, {});
                      }
                  });
    };
}

}  // namespace ibasho::api
