#include "server/http/responses.hpp"

#include <boost/beast/http.hpp>

#include "server/events/calendar_routes.hpp"
#include "server/http/server_context.hpp"
#include "server/metrics.hpp"

namespace ibasho::http {

namespace bhttp = boost::beast::http;

namespace {

constexpr const char* csp =
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

std::string header_text(const bhttp::request<bhttp::string_body>& req, bhttp::field name) {
    const auto v = req[name];
    return std::string(v.data(), v.size());
}

bhttp::response<bhttp::string_body> calendar_response(const bhttp::request<bhttp::string_body>& req,
                                                      const ServerContext& ctx,
                                                      std::string_view target, bool tls) {
    const auto q = target.find('?');
    const std::string inm = header_text(req, bhttp::field::if_none_match);
    const std::string host = header_text(req, bhttp::field::host);
    events::CalendarRequest creq;
    creq.path = target.substr(0, q);
    creq.query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
    creq.if_none_match = inm;
    creq.host = host;
    creq.https = tls || ctx.config.behind_tls_proxy;
    api::Response answer = ctx.calendar->answer(creq);
    const std::string_view type = answer.header_value("Content-Type");
    auto res = make_response(req, static_cast<bhttp::status>(answer.status), std::move(answer.body),
                             type.empty() ? "text/plain; charset=utf-8" : type, tls);
    for (auto& [name, value] : answer.headers) {
        res.set(name, value);
    }
    return res;
}

}  // namespace

void set_security_headers(bhttp::response<bhttp::string_body>& res, bool tls) {
    res.set(bhttp::field::server, "ibasho");
    res.set("Content-Security-Policy", csp);
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Cross-Origin-Opener-Policy", "same-origin");
    res.set("Cross-Origin-Resource-Policy", "same-origin");
    res.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    if (tls) {
        res.set(bhttp::field::strict_transport_security, "max-age=31536000");
    }
}

bhttp::response<bhttp::string_body> make_response(const bhttp::request<bhttp::string_body>& req,
                                                  bhttp::status status, std::string body,
                                                  std::string_view content_type, bool tls) {
    bhttp::response<bhttp::string_body> res{status, req.version()};
    set_security_headers(res, tls);
    res.set(bhttp::field::content_type, content_type);
    res.set(bhttp::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

api::Request to_api_request(bhttp::request<bhttp::string_body>& req) {
    api::Request r;
    const auto m = req.method_string();
    r.method = api::parse_method(std::string_view(m.data(), m.size()));
    const std::string_view target(req.target().data(), req.target().size());
    const auto q = target.find('?');
    r.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) {
        r.query = std::string(target.substr(q + 1));
    }
    r.authorization = header_text(req, bhttp::field::authorization);
    r.content_type = header_text(req, bhttp::field::content_type);
    r.if_match = header_text(req, bhttp::field::if_match);
    r.if_none_match = header_text(req, bhttp::field::if_none_match);
    r.body = std::move(req.body());
    return r;
}

bhttp::response<bhttp::string_body> make_api_response(api::Response answer, ApiReply reply,
                                                      bool tls) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(answer.status),
                                            reply.version};
    set_security_headers(res, tls);
    res.set(bhttp::field::content_type, "application/json; charset=utf-8");
    res.set(bhttp::field::cache_control, "no-store");
    for (auto& [name, value] : answer.headers) {
        res.set(name, value);
    }
    res.keep_alive(reply.keep_alive);
    res.body() = std::move(answer.body);
    res.prepare_payload();
    if (reply.head) {
        const auto length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    return res;
}

// Routes one ordinary (non-upgrade) request outside /api/.
bhttp::response<bhttp::string_body> handle_request(const bhttp::request<bhttp::string_body>& req,
                                                   ServerContext& ctx, bool tls) {
    metrics().http_requests.add();
    const std::string_view target(req.target().data(), req.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    const bool head = req.method() == bhttp::verb::head;
    if (req.method() != bhttp::verb::get && !head) {
        auto res = make_response(req, bhttp::status::method_not_allowed, "Method not allowed\n",
                                 "text/plain; charset=utf-8", tls);
        res.set(bhttp::field::allow, "GET, HEAD");
        return res;
    }
    bhttp::response<bhttp::string_body> res;
    if (path == "/healthz") {
        res = make_response(req, bhttp::status::ok, "ok\n", "text/plain; charset=utf-8", tls);
    } else if (path == "/readyz") {
        const bool ready = ctx.ready() && !ctx.shutting_down.load();
        res = make_response(req, ready ? bhttp::status::ok : bhttp::status::service_unavailable,
                            ready ? "ready\n" : "not ready\n", "text/plain; charset=utf-8", tls);
    } else if (path == "/metrics") {
        res = make_response(req, bhttp::status::ok, metrics().render(),
                            "text/plain; version=0.0.4; charset=utf-8", tls);
    } else if (ctx.calendar && events::CalendarFeeds::handles(path)) {
        res = calendar_response(req, ctx, target, tls);
    } else if (path == "/ws") {
        res = make_response(req, bhttp::status::upgrade_required, "WebSocket only\n",
                            "text/plain; charset=utf-8", tls);
    } else {
        const auto inm = req[bhttp::field::if_none_match];
        const auto ae = req[bhttp::field::accept_encoding];
        auto file =
            ctx.static_files.serve(target, std::string_view(inm.data(), inm.size()),
                                   http::accepts_gzip(std::string_view(ae.data(), ae.size())));
        const auto status = static_cast<bhttp::status>(file.status);
        res = make_response(req, status, std::move(file.body), file.content_type, tls);
        res.set(bhttp::field::cache_control, file.cache_control);
        if (!file.etag.empty()) {
            res.set(bhttp::field::etag, file.etag);
            res.set(bhttp::field::vary, "Accept-Encoding");
        }
        if (!file.content_encoding.empty()) {
            res.set(bhttp::field::content_encoding, file.content_encoding);
        }
        // Quick exit lands here: over HTTPS the browser also forgets our cache and storage.
        if (tls && path == "/neutral.html") {
            res.set("Clear-Site-Data", "\"cache\", \"storage\"");
        }
        if (file.status == 304) {
            res.body().clear();
            res.prepare_payload();
        }
    }
    if (head) {
        const auto length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    return res;
}

}  // namespace ibasho::http
