// How the HTTP side answers outside the WebSocket: the security headers every response
// carries, plain and API responses, and the routes that are not /api/ or /ws.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>
#include <string_view>

#include "server/api/message.hpp"

namespace ibasho {

struct ServerContext;

namespace http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// Every response gets the same headers (CSP, no referrer, nosniff, frame denial; HSTS on TLS).
void set_security_headers(Response& res, bool tls);

Response make_response(const Request& req, boost::beast::http::status status, std::string body,
                       std::string_view content_type, bool tls);

// What an API answer needs from its request once the request itself is gone.
struct ApiReply {
    unsigned version = 11;
    bool keep_alive = false;
    bool head = false;
};

// Only what handlers need crosses into the router: no address, no user agent. Moves the body.
api::Request to_api_request(Request& req);

Response make_api_response(api::Response answer, ApiReply reply, bool tls);

// Routes one ordinary (non-upgrade) request outside /api/: health, readiness, metrics, the
// /ws hint, and static files.
Response handle_request(const Request& req, ServerContext& ctx, bool tls);

}  // namespace http
}  // namespace ibasho
