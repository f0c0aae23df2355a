#include "tests/integration/support/http_client.hpp"

#include <algorithm>
#include <boost/algorithm/string/case_conv.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <stdexcept>

namespace ibasho::itest {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

void check(const beast::error_code& ec, const char* step) {
    if (ec) {
        throw std::runtime_error(std::string("http client: ") + step + ": " + ec.message());
    }
}

// Sends one request and reads one response on an already connected stream. Every step is
// asynchronous under the tcp_stream's deadline and is driven by ioc.run().
template <class Stream>
HttpResponse exchange(net::io_context& ioc, Stream& stream, std::uint16_t port,
                      const HttpRequest& request) {
    bhttp::request<bhttp::string_body> req;
    req.method_string(request.method);
    req.target(request.target);
    req.version(11);
    req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
    req.set(bhttp::field::connection, "close");
    for (const auto& [name, value] : request.headers) {
        req.set(name, value);
    }
    req.body() = request.body;
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
        req.prepare_payload();
    }

    beast::error_code ec;
    bhttp::async_write(stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
    ioc.run();
    ioc.restart();
    check(ec, "write");

    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (request.method == "HEAD") {
        parser.skip(true);
    }
    bhttp::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
    ioc.run();
    ioc.restart();
    check(ec, "read");

    auto res = parser.release();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
        out.headers.emplace_back(boost::algorithm::to_lower_copy(std::string(field.name_string())),
                                 std::string(field.value()));
    }
    out.body = std::move(res.body());
    return out;
}

}  // namespace

bool HttpResponse::has(std::string_view name) const {
    const std::string want = boost::algorithm::to_lower_copy(std::string(name));
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& h) { return h.first == want; });
}

std::string HttpResponse::header(std::string_view name) const {
    const std::string want = boost::algorithm::to_lower_copy(std::string(name));
    for (const auto& [n, v] : headers) {
        if (n == want) {
            return v;
        }
    }
    return {};
}

HttpResponse http_request(std::uint16_t port, const HttpRequest& request) {
    net::io_context ioc;
    const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), port);
    beast::error_code ec;
    if (!request.tls) {
        beast::tcp_stream stream(ioc);
        stream.expires_after(request.timeout);
        stream.async_connect(ep, [&](beast::error_code e) { ec = e; });
        ioc.run();
        ioc.restart();
        check(ec, "connect");
        return exchange(ioc, stream, port, request);
    }
    net::ssl::context ctx(net::ssl::context::tls_client);
    ctx.set_verify_mode(net::ssl::verify_none);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    beast::get_lowest_layer(stream).expires_after(request.timeout);
    beast::get_lowest_layer(stream).async_connect(ep, [&](beast::error_code e) { ec = e; });
    ioc.run();
    ioc.restart();
    check(ec, "connect");
    stream.async_handshake(net::ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
    ioc.run();
    ioc.restart();
    check(ec, "tls handshake");
    return exchange(ioc, stream, port, request);
}

}  // namespace ibasho::itest
