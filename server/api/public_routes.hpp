// The API's first public endpoints, open to anyone like the room list over the WebSocket:
// GET /api/rooms (rooms with live counts), GET /api/help (the help directory, with ETag) and
// GET /api/client-config (what the web client needs from the operator: the quick-exit page).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "server/api/help_directory.hpp"
#include "server/api/router.hpp"

namespace ibasho {
class Presence;
class Store;
namespace chat {
class RoomCatalog;
}
}  // namespace ibasho

namespace ibasho::api {

struct PublicDeps {
    chat::RoomCatalog& catalog;
    Presence& presence;
    // Read on every request, so whoever owns it can swap the provider (the Store, later).
    const HelpProvider& help;
    // Where quick exit goes (--exit-url).
    std::string exit_url = "/neutral.html";
    // The organisations' names for GET /api/rooms's "orgs" (null: each named by its id).
    Store* store = nullptr;
};

// Adds the public routes to `router`; `deps` must outlive it.
void add_public_routes(Router& router, PublicDeps deps);

// A strong ETag for a body: the first 128 bits of its SHA-256, quoted. The same on every node.
std::string etag_for(std::string_view body);
// True when an If-None-Match value lists `etag` (or is "*"); weak tags compare by their value.
bool etag_listed(std::string_view if_none_match, std::string_view etag);

}  // namespace ibasho::api
