#include "server/api/message.hpp"

#include <boost/algorithm/string/predicate.hpp>

namespace ibasho::api {

std::string_view to_string(Method method) {
    switch (method) {
        case Method::get:
            return "GET";
        case Method::head:
            return "HEAD";
        case Method::post:
            return "POST";
        case Method::put:
            return "PUT";
        case Method::patch:
            return "PATCH";
        case Method::del:
            return "DELETE";
        case Method::other:
            break;
    }
    return "OTHER";
}

Method parse_method(std::string_view name) {
    // Methods are case-sensitive (RFC 9110 9.1): "get" is not GET.
    for (Method m :
         {Method::get, Method::head, Method::post, Method::put, Method::patch, Method::del}) {
        if (name == to_string(m)) {
            return m;
        }
    }
    return Method::other;
}

Response Response::json(int status, std::string json_text) {
    Response r;
    r.status = status;
    r.body = std::move(json_text);
    return r;
}

Response Response::of(int status, const nlohmann::json& value) {
    return json(status, dump_json(value));
}

Response& Response::header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

std::string_view Response::header_value(std::string_view name) const {
    for (const auto& [n, v] : headers) {
        if (boost::algorithm::iequals(n, name)) {
            return v;
        }
    }
    return {};
}

void Params::add(std::string name, std::string value) {
    values_.emplace_back(std::move(name), std::move(value));
}

std::string_view Params::get(std::string_view name) const {
    for (const auto& [n, v] : values_) {
        if (n == name) {
            return v;
        }
    }
    return {};
}

std::string dump_json(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ibasho::api
