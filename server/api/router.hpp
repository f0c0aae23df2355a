// Routes /api/ requests to handlers by method and path pattern, and owns the rules every API
// request meets first: 404 vs 405 (with Allow), the body limit, JSON bodies only, and a
// handler that throws or never answers still gets the caller one JSON error.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api/message.hpp"
#include "server/api/respond.hpp"
#include "server/api/route_pattern.hpp"

namespace ibasho::api {

// The largest request body an API handler gets (413 beyond). The HTTP session reads bodies up
// to its own 64 KiB limit and refuses a larger declared length before reading it.
inline constexpr std::size_t body_limit = 16 * 1024;
// Deeper JSON than this is refused before parsing (400): no handler needs it.
inline constexpr std::size_t json_depth_limit = 32;

// True for the paths the router owns: everything under "/api/".
bool is_api_path(std::string_view path);

class Router {
  public:
    // Handlers run on the connection's thread; `respond` may be called later, from any
    // thread, once. HEAD is served by the GET handler (the session drops the body).
    using Handler = std::function<void(const Request&, const Params&, Respond)>;

    // Registers a route. `name` identifies it in logs ("rooms.list"). Throws
    // std::invalid_argument for a bad pattern or a method/pattern pair already registered.
    void add(Method method, std::string_view pattern, std::string name, Handler handler);

    // Answers `request` through `sink` exactly once: an error straight away, or whatever
    // the matched handler answers. Never throws.
    void dispatch(Request request, Respond::Sink sink) const;

    // The value of an Allow header for `path`: its methods, or "" when no route matches.
    std::string allowed_methods(std::string_view path) const;

  private:
    struct Route {
        Method method;
        RoutePattern pattern;
        std::string name;
        Handler handler;
    };
    std::vector<Route> routes_;
};

// True when a Content-Type value names application/json (parameters such as charset allowed).
bool is_json_media_type(std::string_view content_type);
// False when `text` nests arrays/objects deeper than `limit` (strings are skipped correctly).
bool json_depth_within(std::string_view text, std::size_t limit);

}  // namespace ibasho::api
