// The organisation's blocked words over HTTP (organisers): read with an ETag, replace as a
// whole with a check that names the field at fault, If-Match for a safe edit, an audit line.
#pragma once

namespace ibasho {
class Clock;
class Store;
namespace staff {
class StaffAuth;
}
}  // namespace ibasho

namespace ibasho::api {

class Router;

struct BlockedWordDeps {
    Store& store;
    const staff::StaffAuth& auth;
    const Clock& clock;
};

// GET /api/blocked-words, PUT /api/blocked-words. `deps` must outlive the router. Every node
// follows the saved list through its BlockedWordList (a Store watch), not through these routes.
void add_blocked_word_routes(Router& router, BlockedWordDeps deps);

}  // namespace ibasho::api
