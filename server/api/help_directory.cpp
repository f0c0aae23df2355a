#include "server/api/help_directory.hpp"

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/log.hpp"
#include "server/store/help_entries.hpp"
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
    return [s = &store](HelpDone done) {
        s->get(help_kind, help_directory_id,
               [s, done = std::move(done)](StoreResult r, StoreRecord record) {
                   if (r != StoreResult::ok) {
                       done(false, {});  // no directory (none was shipped), or no Store
                       return;
                   }
                   std::string directory = std::move(record.body);
                   s->list(help_entry_kind, std::nullopt,
                           [directory = std::move(directory), done](
                               StoreResult lr, std::vector<StoreRecord> entries) {
                               if (lr != StoreResult::ok) {
                                   done(false, {});
                                   return;
                               }
                               done(true, merge_help_directory(directory, entries));
                           });
               });
    };
}

}  // namespace ibasho::api
