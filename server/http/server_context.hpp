// What every HTTP and WebSocket session needs from the composition root, with no Asio types:
// configuration, static files, readiness, the API router, and the chat side of a socket.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/api/help_directory.hpp"

#include "server/config.hpp"
#include "server/connection.hpp"
#include "server/http/cidr.hpp"
#include "server/http/static_files.hpp"

namespace ibasho {

namespace api {
class Router;
}
namespace events {
class CalendarFeeds;
}

struct ServerContext {
    ServerContext(const Config& c, const std::string& static_root)
        : config(c),
          static_files(http::StaticFiles::if_present(static_root)),
          proxy_from(http::parse_cidr_list(c.proxy_from).value_or(std::vector<http::Cidr>{})) {}

    const Config& config;
    http::StaticFiles static_files;
    std::function<bool()> ready = [] { return true; };  // must be thread-safe
    HandlerFactory make_handler;
    // Serves every /api/ path; null answers them all with 404 not_found.
    std::shared_ptr<const api::Router> api;
    // Serves /calendar.ics and /calendar/<event>.ics; null leaves them to the static files (404).
    std::shared_ptr<const events::CalendarFeeds> calendar;
    // Where GET /api/help reads the directory from (thread-safe); set before listening.
    api::HelpProvider help_directory;
    // Turns a peer address into its keyed hash when a socket is accepted (thread-safe); null
    // leaves every address hash empty. Set before listening.
    std::function<std::string(std::string_view address)> hash_address;
    // The peers (config `proxy_from`) whose connections start with a PROXY v2 header naming the
    // client; from any other peer such a header is a bad request.
    std::vector<http::Cidr> proxy_from;
    // Asked once per accepted connection with its address hash (thread-safe; done may run on
    // any thread): false closes it unserved (the per-address connection limit). Null: all in.
    std::function<void(const std::string& hash, std::function<void(bool)> done)> admit_connection;
    std::atomic<bool> shutting_down{false};
};

}  // namespace ibasho
