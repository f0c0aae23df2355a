// The reason codes staff actions may carry: the organisers' list from the Store (kind
// `reasons`, id `default`), or the shipped one until they save their own. Cached per node.
#pragma once

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
    // Whether `code` is on the current list. Any thread.
    bool listed(std::string_view code);

  private:
    void reload(Store& store);
    void take(const std::string& body);

    std::mutex mutex_;
    std::set<std::string, std::less<>> codes_;
};

}  // namespace ibasho
