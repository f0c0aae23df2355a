// The HTTP API's request and response as plain data (no Asio, no Beast): what a handler reads
// and what it answers, plus the path parameters a route pattern captured.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ibasho::api {

enum class Method { get, head, post, put, patch, del, other };

std::string_view to_string(Method method);
// "GET" -> Method::get, ...; anything we do not serve is Method::other.
Method parse_method(std::string_view name);

struct Request {
    Method method = Method::get;
    std::string path;   // without the query string, not percent-decoded
    std::string query;  // after '?', raw; empty when there is none
    // The only headers handlers get: nothing that could identify the caller's device.
    std::string authorization;
    std::string content_type;
    std::string if_match;
    std::string if_none_match;
    std::string body;
    // Whether the request came over TLS to this server (set by the HTTP session).
    bool secure = false;
    // The keyed hash of the caller's address (staff/address_key.hpp), for login throttling;
    // empty when unknown. The address itself never reaches the API.
    std::string address_hash;
    // The parsed body, set by the router before the handler runs; null when the body is empty.
    nlohmann::json json;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Response {
    int status = 200;
    std::string body;  // JSON text; empty for 204 and 304
    Headers headers;   // beyond the ones every API answer carries

    // An answer whose body is JSON text already written (by an encoder in protocol/).
    static Response json(int status, std::string json_text);
    // An answer whose body is `value`, written with dump_json().
    static Response of(int status, const nlohmann::json& value);
    Response& header(std::string name, std::string value);
    // The first value of a header set here, or "" (names compared without case).
    std::string_view header_value(std::string_view name) const;
};

// Values captured by ":name" segments of the matched pattern, percent-decoded.
class Params {
  public:
    void add(std::string name, std::string value);
    // The value of `name`, or "" when the pattern has no such parameter.
    std::string_view get(std::string_view name) const;
    std::size_t size() const { return values_.size(); }

  private:
    std::vector<std::pair<std::string, std::string>> values_;
};

// JSON text that never throws on odd input: ill-formed UTF-8 becomes U+FFFD.
std::string dump_json(const nlohmann::json& value);

}  // namespace ibasho::api
