// The reason codes staff actions may carry: each organisation's list from the Store (kind
// `reasons`, id `default` for "main", `org:<id>` for the others), or the shipped one until it
// saves its own. Cached per node.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace ibasho {

class Store;

// The list shipped with the server, as GET /api/reasons shows it.
const char* default_reasons_json();

class ReasonList {
  public:
    ReasonList();
    // Reads the Store's list now and again whenever it changes on any node (a watch).
    void follow(Store& store);
    // Whether `code` is on organisation `org`'s current list. Any thread.
    bool listed(std::string_view org, std::string_view code);

  private:
    using Codes = std::set<std::string, std::less<>>;
    void reload(Store& store);

    std::mutex mutex_;
    Codes shipped_;
    std::map<std::string, Codes, std::less<>> by_org_;  // organisations with a list of their own
};

}  // namespace ibasho
