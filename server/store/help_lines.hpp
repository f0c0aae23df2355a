// The help directory as the safety features need it on every node, without a Store read per
// message: the lines of the writer's help card, and the numbers and links the shield keeps.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "moderation/contact_allowance.hpp"
#include "server/store/store.hpp"

namespace ibasho {

// One reading of the directory (kind "help", id "directory"; see client-web/public/help/).
struct HelpSnapshot {
    // The help card's lines: a JSON array of at most three entries, featured first, then the
    // directory's order; each {"id","name":{ja,en},"tel"?,"url"?,"hours":{ja,en}|null}.
    std::string card_lines_json = "[]";
    // Every number and link in the directory (entries and the emergency line), as written.
    std::vector<std::string> phones;
    std::vector<std::string> links;
    // What the contact shield keeps as written: the directory's numbers for everyone, and its
    // links too for staff (DESIGN.md rule 5; a participant passing on a hotline is helping).
    moderation::ContactAllowance participants;
    moderation::ContactAllowance staff;
};

class HelpLines {
  public:
    HelpLines();
    // Takes `body` (the directory's JSON) now, e.g. the shipped file before the Store answers;
    // false (and nothing changes) when it is not a directory.
    bool take(const std::string& body);
    // Reads the Store's directory and every organisation's entries (kind "help_entry") now and
    // again whenever either changes on any node (a watch). While the Store is unavailable the
    // last good reading stays.
    void follow(Store& store);
    // The current reading. Any thread; cheap (a shared pointer copy).
    std::shared_ptr<const HelpSnapshot> current() const;

    static constexpr std::size_t card_lines_max = 3;

  private:
    void reload(Store& store);

    bool apply();

    mutable std::mutex mutex_;
    std::shared_ptr<const HelpSnapshot> current_;
    // The last directory and entries read, merged on each change (store/help_entries.hpp).
    std::string directory_ = "{}";
    std::vector<StoreRecord> entries_;
};

}  // namespace ibasho
