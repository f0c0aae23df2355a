// A blocking HTTP/1.1 client for tests, plain or TLS, where every call has a deadline so a
// broken server fails a test instead of hanging it. Transport failures throw.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ibasho::itest {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
    int status = 0;
    Headers headers;  // names in lower case, in the order received
    std::string body;

    bool has(std::string_view name) const;
    // The first value of a header (name in any case), or "" when absent.
    std::string header(std::string_view name) const;
};

struct HttpRequest {
    std::string method = "GET";
    std::string target = "/";
    Headers headers;  // Host defaults to 127.0.0.1:PORT
    std::string body;
    bool tls = false;  // TLS without certificate checks: the tests own the certificate
    std::chrono::milliseconds timeout{5000};
};

HttpResponse http_request(std::uint16_t port, const HttpRequest& request);

inline HttpResponse http_get(std::uint16_t port, std::string target, Headers headers = {},
                             bool tls = false) {
    HttpRequest r;
    r.target = std::move(target);
    r.headers = std::move(headers);
    r.tls = tls;
    return http_request(port, r);
}

// One request with the common parts spelled out (for tests that try many methods and paths).
inline HttpResponse http_call(std::uint16_t port, bool tls, std::string method, std::string target,
                              Headers headers = {}, std::string body = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.headers = std::move(headers);
    r.body = std::move(body);
    r.tls = tls;
    return http_request(port, r);
}

}  // namespace ibasho::itest
