#include "server/api/router.hpp"

#include <algorithm>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <stdexcept>

#include "server/api/errors.hpp"
#include "server/log.hpp"

namespace ibasho::api {
namespace {

// Allow lists methods in this order, whatever order the routes were added in.
constexpr Method method_order[] = {Method::get, Method::head,  Method::post,
                                   Method::put, Method::patch, Method::del};

}  // namespace

bool is_api_path(std::string_view path) {
    return path.rfind("/api/", 0) == 0;
}

bool is_json_media_type(std::string_view content_type) {
    std::string_view type = content_type.substr(0, content_type.find(';'));
    return boost::algorithm::iequals(boost::algorithm::trim_copy(std::string(type)),
                                     "application/json");
}

bool json_depth_within(std::string_view text, std::size_t limit) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) {
                return false;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

void Router::add(Method method, std::string_view pattern, std::string name, Handler handler) {
    if (method == Method::other || method == Method::head) {
        throw std::invalid_argument("routes are added for GET, POST, PUT, PATCH or DELETE");
    }
    RoutePattern p(pattern);
    for (const Route& r : routes_) {
        if (r.method == method && r.pattern.text() == p.text()) {
            throw std::invalid_argument("route registered twice: " + p.text());
        }
    }
    routes_.push_back(Route{method, std::move(p), std::move(name), std::move(handler)});
}

std::string Router::allowed_methods(std::string_view path) const {
    bool present[std::size(method_order)] = {};
    bool any = false;
    for (const Route& r : routes_) {
        if (!r.pattern.match(path)) {
            continue;
        }
        any = true;
        for (std::size_t i = 0; i < std::size(method_order); ++i) {
            if (method_order[i] == r.method ||
                (r.method == Method::get && method_order[i] == Method::head)) {
                present[i] = true;
            }
        }
    }
    std::string allow;
    if (!any) {
        return allow;
    }
    for (std::size_t i = 0; i < std::size(method_order); ++i) {
        if (present[i]) {
            if (!allow.empty()) {
                allow += ", ";
            }
            allow += to_string(method_order[i]);
        }
    }
    return allow;
}

void Router::dispatch(Request request, Respond::Sink sink) const {
    // Before routing, as the session refuses a larger declared length whatever the path.
    if (request.body.size() > body_limit) {
        return sink(
            error(ErrorCode::payload_too_large,
                  "The request body is larger than " + std::to_string(body_limit) + " bytes."));
    }
    const Method wanted = request.method == Method::head ? Method::get : request.method;
    const Route* route = nullptr;
    Params params;
    bool path_known = false;
    for (const Route& r : routes_) {
        auto captured = r.pattern.match(request.path);
        if (!captured) {
            continue;
        }
        path_known = true;
        if (r.method == wanted) {
            route = &r;
            params = std::move(*captured);
            break;
        }
    }
    if (route == nullptr) {
        if (!path_known) {
            return sink(error(ErrorCode::not_found));
        }
        Response r = error(ErrorCode::method_not_allowed);
        r.header("Allow", allowed_methods(request.path));
        return sink(std::move(r));
    }
    // An empty body needs no type: DELETE and bodiless POSTs carry none.
    if (!request.body.empty()) {
        if (!is_json_media_type(request.content_type)) {
            return sink(error(ErrorCode::unsupported_media_type));
        }
        if (!json_depth_within(request.body, json_depth_limit)) {
            return sink(error(ErrorCode::bad_request, "The request body nests too deeply."));
        }
        request.json = nlohmann::json::parse(request.body, nullptr, false);
        if (request.json.is_discarded()) {
            request.json = nullptr;
            return sink(error(ErrorCode::bad_request, "The request body is not valid JSON."));
        }
    }
    Respond respond(std::move(sink), route->name);
    try {
        route->handler(request, params, respond);
    } catch (...) {
        // Only the route's name: the body or an exception's text could carry someone's words.
        log::error("api_handler_failed", {{"route", route->name}});
        respond(error(ErrorCode::internal_error));
    }
}

}  // namespace ibasho::api
