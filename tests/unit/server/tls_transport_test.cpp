// TlsTransport on loopback, in process, against an asio::ssl::stream client: handshakes and
// refusals, partial writes and retries, end of stream, Beast over it, and an idle connection's
// heap.
#include <catch2/catch.hpp>

#include <malloc.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/tls_context.hpp"
#include "server/transport/tls_transport.hpp"

using namespace ibasho;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
using boost::system::error_code;
using net::ip::tcp;

namespace {

// --- Fixtures -------------------------------------------------------------------------------

// A throwaway self-signed P-256 certificate, made once per process with the OpenSSL API and
// written as PEM to a temp folder, because make_tls_context takes file paths.
class TestCertificate {
  public:
    static const TestCertificate& get() {
        static const TestCertificate cert;
        return cert;
    }
    std::string cert_file() const { return (dir_ / "cert.pem").string(); }
    std::string key_file() const { return (dir_ / "key.pem").string(); }

    TestCertificate(const TestCertificate&) = delete;
    TestCertificate& operator=(const TestCertificate&) = delete;
    ~TestCertificate() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

  private:
    TestCertificate() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "ibasho-tls-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        dir_ = tmpl;
        EVP_PKEY* key = EVP_EC_gen("P-256");
        X509* x = X509_new();
        if (key == nullptr || x == nullptr) {
            throw std::runtime_error("cannot make a test key");
        }
        X509_set_version(x, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
        X509_gmtime_adj(X509_getm_notBefore(x), -60);
        X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
        X509_set_pubkey(x, key);
        X509_NAME* name = X509_get_subject_name(x);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
        X509_set_issuer_name(x, name);
        const bool signed_ok = X509_sign(x, key, EVP_sha256()) > 0;
        std::FILE* c = std::fopen(cert_file().c_str(), "w");
        std::FILE* k = std::fopen(key_file().c_str(), "w");
        const bool written =
            c != nullptr && k != nullptr && PEM_write_X509(c, x) == 1 &&
            PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
        if (c != nullptr) {
            std::fclose(c);
        }
        if (k != nullptr) {
            std::fclose(k);
        }
        X509_free(x);
        EVP_PKEY_free(key);
        if (!signed_ok || !written) {
            throw std::runtime_error("cannot write the test certificate");
        }
    }
    std::filesystem::path dir_;
};

std::shared_ptr<ssl::context> server_context() {
    const auto& cert = TestCertificate::get();
    return make_tls_context(cert.cert_file(), cert.key_file());
}

std::unique_ptr<ssl::context> client_context(int min_version, int max_version) {
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
    ctx->set_verify_mode(ssl::verify_none);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), min_version);
    SSL_CTX_set_max_proto_version(ctx->native_handle(), max_version);
    return ctx;
}

// Runs the loop until `done` holds. The deadline only turns a hang into a failure; nothing
// here waits for time to pass.
bool run_until(net::io_context& io, const std::function<bool()>& done,
               std::chrono::seconds limit = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        if (io.stopped()) {
            io.restart();
        }
        io.run_one_for(std::chrono::milliseconds(100));
    }
    return true;
}

std::vector<unsigned char> pattern(std::size_t size, unsigned seed) {
    std::vector<unsigned char> v(size);
    unsigned x = seed;
    for (auto& c : v) {
        x = x * 1103515245u + 12345u;
        c = static_cast<unsigned char>(x >> 16);
    }
    return v;
}

// One loopback connection: the server end as a TlsTransport, the client as asio's ssl::stream.
struct PairOptions {
    int client_min = TLS1_2_VERSION;
    int client_max = TLS1_3_VERSION;
    int server_sndbuf = 0;  // 0: the kernel's default
    int client_rcvbuf = 0;
    std::shared_ptr<ssl::context> server_ctx = nullptr;  // null: a fresh one
};

struct TlsPair {
    explicit TlsPair(const PairOptions& o = {})
        : server_ctx(o.server_ctx ? o.server_ctx : server_context()),
          client_ctx(client_context(o.client_min, o.client_max)),
          acceptor(io, {net::ip::address_v4::loopback(), 0}),
          client(io, *client_ctx) {
        auto& c = client.next_layer();
        c.open(tcp::v4());
        if (o.client_rcvbuf > 0) {
            c.set_option(net::socket_base::receive_buffer_size(o.client_rcvbuf));
        }
        // A listening socket completes the connect from its backlog, so this cannot block.
        c.connect(acceptor.local_endpoint());
        tcp::socket s = acceptor.accept();
        if (o.server_sndbuf > 0) {
            s.set_option(net::socket_base::send_buffer_size(o.server_sndbuf));
        }
        server.emplace(std::move(s), server_ctx->native_handle());
    }

    // Both sides' handshake results.
    std::pair<error_code, error_code> handshake() {
        std::optional<error_code> s, c;
        server->async_handshake([&](error_code ec) { s = ec; });
        client.async_handshake(ssl::stream_base::client, [&](error_code ec) { c = ec; });
        REQUIRE(run_until(io, [&] { return s && c; }));
        return {*s, *c};
    }

    // Server-side read of exactly `size` bytes through wait_readable/read_some.
    std::string server_read(std::size_t size) {
        std::string got;
        std::optional<error_code> failed;
        std::function<void()> step = [&] {
            for (;;) {
                char buf[512];
                error_code ec;
                const std::size_t n = server->read_some(net::buffer(buf), ec);
                if (ec == net::error::would_block) {
                    server->async_wait_readable([&](error_code e) {
                        if (e) {
                            failed = e;
                        } else {
                            step();
                        }
                    });
                    return;
                }
                if (ec) {
                    failed = ec;
                    return;
                }
                got.append(buf, n);
                if (got.size() >= size) {
                    return;
                }
            }
        };
        step();
        REQUIRE(run_until(io, [&] { return failed || got.size() >= size; }));
        REQUIRE_FALSE(failed);
        return got;
    }

    net::io_context io;
    std::shared_ptr<ssl::context> server_ctx;
    std::unique_ptr<ssl::context> client_ctx;
    tcp::acceptor acceptor;
    ssl::stream<tcp::socket> client;
    std::optional<TlsTransport> server;
};

// Sends `pieces` through write_some the way the WebSocket connection does: on would_block,
// wait and offer the same pieces again; on progress, drop what was taken from the front.
struct PieceSender {
    TlsTransport& t;
    std::vector<net::const_buffer> pieces;
    std::size_t calls = 0;
    std::size_t partial = 0;
    std::size_t would_block = 0;
    bool done = false;
    std::optional<error_code> error;

    void run() {
        while (!pieces.empty()) {
            std::size_t offered = 0;
            for (const auto& p : pieces) {
                offered += p.size();
            }
            error_code ec;
            std::size_t n = t.write_some(pieces, ec);
            ++calls;
            if (ec == net::error::would_block) {
                ++would_block;
                t.async_wait_writable([this](error_code e) {
                    if (e) {
                        error = e;
                    } else {
                        run();
                    }
                });
                return;
            }
            if (ec) {
                error = ec;
                return;
            }
            if (n < offered) {
                ++partial;
            }
            while (n > 0) {
                if (pieces.front().size() <= n) {
                    n -= pieces.front().size();
                    pieces.erase(pieces.begin());
                } else {
                    pieces.front() += n;
                    n = 0;
                }
            }
        }
        done = true;
    }
};

// The first bytes of a real ClientHello, made with memory BIOs.
std::string client_hello() {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL* s = SSL_new(ctx);
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem());
    SSL_set_bio(s, in, out);
    SSL_set_connect_state(s);
    SSL_do_handshake(s);  // wants to read: the hello is in `out`
    std::string hello(4096, '\0');
    const int n = BIO_read(out, hello.data(), static_cast<int>(hello.size()));
    hello.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    SSL_free(s);
    SSL_CTX_free(ctx);
    ERR_clear_error();
    return hello;
}

// Reads and discards until the transport reports something other than would_block (end of
// stream or an error), which lands in `result`; `then` runs at that moment.
void read_until_end(TlsTransport& t, std::optional<error_code>& result,
                    std::function<void()> then = {}) {
    char buf[64];
    error_code ec;
    t.read_some(net::buffer(buf), ec);
    if (ec == net::error::would_block) {
        t.async_wait_readable([&t, &result, then = std::move(then)](error_code e) mutable {
            if (e) {
                result = e;
                return;
            }
            read_until_end(t, result, std::move(then));
        });
        return;
    }
    result = ec;
    if (then) {
        then();
    }
}

}  // namespace

// --- Handshakes -----------------------------------------------------------------------------

TEST_CASE("handshake with a TLS 1.3 or a TLS 1.2 client, then data both ways", "[tls]") {
    const int version = GENERATE(TLS1_3_VERSION, TLS1_2_VERSION);
    TlsPair p({.client_min = version, .client_max = version});
    auto [server_ec, client_ec] = p.handshake();
    REQUIRE_FALSE(server_ec);
    REQUIRE_FALSE(client_ec);
    CHECK(SSL_version(p.client.native_handle()) == version);

    net::write(p.client, net::buffer(std::string("ping")));
    CHECK(p.server_read(4) == "ping");

    const std::string pong = "pong";
    const net::const_buffer b = net::buffer(pong);
    error_code ec;
    CHECK(p.server->write_some(std::span(&b, 1), ec) == 4);
    CHECK_FALSE(ec);
    std::string got(4, '\0');
    net::read(p.client, net::buffer(got));
    CHECK(got == "pong");
}

TEST_CASE("a TLS 1.1 client is refused with an ssl error code", "[tls]") {
    TlsPair p({.client_min = TLS1_1_VERSION, .client_max = TLS1_1_VERSION});
    // OpenSSL 3 offers TLS 1.1 only at security level 0.
    SSL_CTX_set_security_level(p.client_ctx->native_handle(), 0);
    SSL_set_security_level(p.client.native_handle(), 0);
    SSL_set_cipher_list(p.client.native_handle(), "DEFAULT:@SECLEVEL=0");
    std::pair<error_code, error_code> result;
    REQUIRE_NOTHROW(result = p.handshake());
    const error_code server_ec = result.first;
    INFO(server_ec.message());
    REQUIRE(server_ec);
    CHECK(server_ec.category() == net::error::get_ssl_category());
    CHECK(server_ec.message().find("unsupported protocol") != std::string::npos);
    CHECK(result.second);
}

TEST_CASE("plain HTTP or garbage instead of a ClientHello fails the handshake", "[tls]") {
    TlsPair p;
    std::string bytes;
    SECTION("plain HTTP") {
        bytes = "GET / HTTP/1.1\r\nHost: example\r\n\r\n";
    }
    SECTION("garbage") {
        const auto g = pattern(300, 7);
        bytes.assign(g.begin(), g.end());
    }
    net::write(p.client.next_layer(), net::buffer(bytes));
    std::optional<error_code> s;
    REQUIRE_NOTHROW(p.server->async_handshake([&](error_code ec) { s = ec; }));
    REQUIRE(run_until(p.io, [&] { return s.has_value(); }));
    INFO(s->message());
    REQUIRE(*s);
    CHECK(s->category() == net::error::get_ssl_category());
    // One failure must not leave anything behind for the next connection on this thread.
    CHECK(ERR_peek_error() == 0);
}

TEST_CASE("a client leaving midway through the handshake gives eof", "[tls]") {
    TlsPair p;
    SECTION("after half a ClientHello") {
        const std::string hello = client_hello();
        REQUIRE(hello.size() > 20);
        net::write(p.client.next_layer(), net::buffer(hello.data(), hello.size() / 2));
    }
    SECTION("before saying anything") {}
    p.client.next_layer().shutdown(tcp::socket::shutdown_send);
    std::optional<error_code> s;
    p.server->async_handshake([&](error_code ec) { s = ec; });
    REQUIRE(run_until(p.io, [&] { return s.has_value(); }));
    INFO(s->message());
    CHECK(*s == net::error::eof);
}

TEST_CASE("closing the socket under a pending handshake ends it with an error", "[tls]") {
    TlsPair p;
    std::optional<error_code> s;
    p.server->async_handshake([&](error_code ec) { s = ec; });
    p.io.poll();
    CHECK_FALSE(s.has_value());
    // What the HTTP session's timeout does: close the socket directly.
    p.server->socket().close();
    REQUIRE(run_until(p.io, [&] { return s.has_value(); }));
    CHECK(*s);
    error_code ec;
    char buf[8];
    CHECK(p.server->read_some(net::buffer(buf), ec) == 0);
    CHECK(ec == net::error::bad_descriptor);
}

// --- Reading and writing --------------------------------------------------------------------

TEST_CASE("1 MiB each way: partial writes, would_block, and every byte in order", "[tls]") {
    constexpr std::size_t size = 1 << 20;
    // Small kernel buffers so the server's writes back up while the client is not reading.
    TlsPair p({.server_sndbuf = 16 * 1024, .client_rcvbuf = 16 * 1024});
    REQUIRE_FALSE(p.handshake().first);
    const auto to_client = pattern(size, 1);
    const auto to_server = pattern(size, 2);

    // Server writer: alternately one contiguous buffer (handed to OpenSSL as is) and three
    // pieces (gathered). The split depends only on `sent`, so a retry offers the same bytes.
    std::size_t sent = 0, partial = 0, would_block = 0;
    std::optional<error_code> write_error;
    std::function<void()> on_first_block;
    std::function<void()> write_more = [&] {
        while (sent < size) {
            const std::size_t left = size - sent;
            const unsigned char* at = to_client.data() + sent;
            std::vector<net::const_buffer> pieces;
            if ((sent / 20000) % 2 == 0) {
                pieces.emplace_back(at, left);
            } else {
                const std::size_t a = std::min<std::size_t>(5, left);
                const std::size_t b = std::min<std::size_t>(1000, left - a);
                pieces.emplace_back(at, a);
                pieces.emplace_back(at + a, b);
                pieces.emplace_back(at + a + b, left - a - b);
            }
            error_code ec;
            const std::size_t n = p.server->write_some(pieces, ec);
            if (ec == net::error::would_block) {
                if (would_block++ == 0) {
                    on_first_block();
                }
                p.server->async_wait_writable([&](error_code e) {
                    if (e) {
                        write_error = e;
                    } else {
                        write_more();
                    }
                });
                return;
            }
            if (ec) {
                write_error = ec;
                return;
            }
            REQUIRE(n > 0);
            REQUIRE(n <= TlsTransport::max_write);
            if (n < left) {
                ++partial;
            }
            sent += n;
        }
    };

    // Server reader: one read_some per wakeup, into a buffer smaller than a record, so most
    // wakeups find the rest of a record already decrypted inside OpenSSL, not in the socket.
    std::vector<unsigned char> server_got;
    std::optional<error_code> read_error;
    std::function<void()> read_one = [&] {
        unsigned char buf[3000];
        error_code ec;
        const std::size_t n = p.server->read_some(net::buffer(buf), ec);
        if (ec && ec != net::error::would_block) {
            read_error = ec;
            return;
        }
        server_got.insert(server_got.end(), buf, buf + n);
        if (server_got.size() == size) {
            return;
        }
        p.server->async_wait_readable([&](error_code e) {
            if (e) {
                read_error = e;
            } else {
                read_one();
            }
        });
    };

    // Client: writes its MiB at once; reads only once the server has been blocked, and then in
    // small bites, so the server keeps meeting a full socket.
    std::vector<unsigned char> client_got;
    std::array<unsigned char, 1000> bite;
    std::optional<error_code> client_error;
    bool client_wrote = false;
    std::function<void()> client_read = [&] {
        p.client.async_read_some(net::buffer(bite), [&](error_code ec, std::size_t n) {
            if (ec) {
                client_error = ec;
                return;
            }
            client_got.insert(client_got.end(), bite.begin(), bite.begin() + n);
            if (client_got.size() < size) {
                client_read();
            }
        });
    };
    on_first_block = [&] { client_read(); };
    net::async_write(p.client, net::buffer(to_server), [&](error_code ec, std::size_t) {
        if (ec) {
            client_error = ec;
        }
        client_wrote = true;
    });

    write_more();
    read_one();
    REQUIRE(run_until(p.io, [&] {
        return write_error || read_error || client_error ||
               (sent == size && client_got.size() == size && server_got.size() == size &&
                client_wrote);
    }));
    REQUIRE_FALSE(write_error);
    REQUIRE_FALSE(read_error);
    REQUIRE_FALSE(client_error);
    INFO("partial writes " << partial << ", would_block " << would_block);
    CHECK(partial > 0);
    CHECK(would_block > 0);
    CHECK(client_got == to_client);
    CHECK(server_got == to_server);
}

TEST_CASE("after would_block, write_some takes back exactly the bytes it was offered", "[tls]") {
    TlsPair p({.server_sndbuf = 16 * 1024, .client_rcvbuf = 16 * 1024});
    REQUIRE_FALSE(p.handshake().first);
    const auto data = pattern(4 << 20, 6);
    constexpr std::size_t chunk = 10000;  // less than a record, so a retry could take more

    // Fill the socket while the client is not reading.
    std::size_t sent = 0;
    error_code ec;
    for (;;) {
        const net::const_buffer b(data.data() + sent, chunk);
        const std::size_t n = p.server->write_some(std::span(&b, 1), ec);
        if (ec) {
            break;
        }
        REQUIRE(n == chunk);
        sent += n;
        REQUIRE(sent + 2 * chunk < data.size());
    }
    REQUIRE(ec == net::error::would_block);

    // A retry that offers fewer bytes than OpenSSL already encrypted is refused.
    const net::const_buffer shorter(data.data() + sent, chunk / 2);
    CHECK(p.server->write_some(std::span(&shorter, 1), ec) == 0);
    CHECK(ec == net::error::invalid_argument);

    // The client drains; the retry offers the same bytes with more appended behind them, and
    // must report exactly the bytes of the first offer.
    std::vector<unsigned char> got;
    std::array<unsigned char, 4096> bite;
    std::optional<error_code> client_error;
    std::function<void()> client_read = [&] {
        p.client.async_read_some(net::buffer(bite), [&](error_code e, std::size_t n) {
            if (e) {
                client_error = e;
                return;
            }
            got.insert(got.end(), bite.begin(), bite.begin() + n);
            client_read();
        });
    };
    client_read();
    std::optional<std::size_t> retried;
    std::function<void()> retry = [&] {
        const net::const_buffer pieces[2] = {{data.data() + sent, chunk},
                                             {data.data() + sent + chunk, chunk}};
        error_code e;
        const std::size_t n = p.server->write_some(pieces, e);
        if (e == net::error::would_block) {
            p.server->async_wait_writable([&](error_code) { retry(); });
            return;
        }
        retried = e ? 0 : n;
    };
    retry();
    REQUIRE(run_until(p.io, [&] { return retried.has_value() || client_error.has_value(); }));
    CHECK(*retried == chunk);
    sent += *retried;
    REQUIRE(run_until(p.io, [&] { return got.size() >= sent || client_error.has_value(); }));
    REQUIRE_FALSE(client_error);
    CHECK(got.size() == sent);
    CHECK(std::equal(got.begin(), got.end(), data.begin()));
}

TEST_CASE("write_some gathers ~200 small buffers", "[tls]") {
    TlsPair p;
    REQUIRE_FALSE(p.handshake().first);
    // Like a batch of frames: a header, then frame, "\n", frame, ... of varied sizes.
    const std::size_t frame_size = GENERATE(20, 200);  // the batch fits one record, or not
    std::vector<std::string> frames;
    for (int i = 0; i < 100; ++i) {
        std::string f(frame_size + static_cast<std::size_t>(i % 7), 'a');
        f.front() = '{';
        f.back() = '}';
        f[1] = static_cast<char>('A' + i % 26);
        frames.push_back(std::move(f));
    }
    static const char newline = '\n';
    static const char header[2] = {'\x81', '\x7e'};
    PieceSender sender{*p.server};
    sender.pieces.emplace_back(header, sizeof header);
    std::string expected(header, sizeof header);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (i > 0) {
            sender.pieces.emplace_back(&newline, 1);
            expected += newline;
        }
        sender.pieces.emplace_back(frames[i].data(), frames[i].size());
        expected += frames[i];
    }
    REQUIRE(sender.pieces.size() == 200);
    sender.run();

    std::string got(expected.size(), '\0');
    std::optional<error_code> client_ec;
    net::async_read(p.client, net::buffer(got),
                    [&](error_code ec, std::size_t) { client_ec = ec; });
    REQUIRE(run_until(p.io, [&] { return sender.error || (sender.done && client_ec); }));
    REQUIRE_FALSE(sender.error);
    REQUIRE_FALSE(*client_ec);
    CHECK(got == expected);
    if (expected.size() <= TlsTransport::max_write) {
        CHECK(sender.calls == 1);  // one record, one call
    } else {
        CHECK(sender.calls == 2 + sender.would_block);
    }
}

TEST_CASE("a close_notify from the client reads as eof and shutdown_send answers it", "[tls]") {
    TlsPair p;
    REQUIRE_FALSE(p.handshake().first);
    std::optional<error_code> client_shutdown;
    p.client.async_shutdown([&](error_code ec) { client_shutdown = ec; });

    std::optional<error_code> server_ec;
    read_until_end(*p.server, server_ec, [&] { p.server->shutdown_send(); });
    REQUIRE(run_until(p.io, [&] { return server_ec && client_shutdown; }));
    CHECK(*server_ec == net::error::eof);
    // Asio's shutdown succeeds only if our close_notify arrived before the TCP end of stream.
    INFO(client_shutdown->message());
    CHECK_FALSE(*client_shutdown);
    // Reading again stays at eof.
    char buf[8];
    error_code ec;
    CHECK(p.server->read_some(net::buffer(buf), ec) == 0);
    CHECK(ec == net::error::eof);
    p.server->close();
    p.server->close();
    CHECK(p.server->write_some({}, ec) == 0);
    CHECK(ec == net::error::bad_descriptor);
}

TEST_CASE("a client vanishing without close_notify: eof or a clean error, never a signal",
          "[tls]") {
    TlsPair p;
    REQUIRE_FALSE(p.handshake().first);
    SECTION("the server reads") {
        // A close with unread bytes (a ticket, when a context issues them) is a reset.
        p.client.next_layer().close();
        std::optional<error_code> server_ec;
        REQUIRE_NOTHROW(read_until_end(*p.server, server_ec));
        REQUIRE(run_until(p.io, [&] { return server_ec.has_value(); }));
        INFO(server_ec->message());
        CHECK((*server_ec == net::error::eof || *server_ec == net::error::connection_reset));
    }
    SECTION("the client only half-closes, having read everything") {
        // Read everything first (tickets too, if any) so the close is a clean FIN, not a reset.
        std::string ping = "x";
        std::optional<error_code> drained;
        const net::const_buffer b = net::buffer(ping);
        error_code write_ec;
        REQUIRE(p.server->write_some(std::span(&b, 1), write_ec) == 1);
        char one;
        net::async_read(p.client, net::buffer(&one, 1),
                        [&](error_code ec, std::size_t) { drained = ec; });
        REQUIRE(run_until(p.io, [&] { return drained.has_value(); }));
        p.client.next_layer().shutdown(tcp::socket::shutdown_send);
        std::optional<error_code> server_ec;
        read_until_end(*p.server, server_ec);
        REQUIRE(run_until(p.io, [&] { return server_ec.has_value(); }));
        INFO(server_ec->message());
        CHECK(*server_ec == net::error::eof);
    }
    SECTION("the server writes") {
        p.client.next_layer().close();
        // With OpenSSL's own socket BIO the second failed write raises SIGPIPE and ends this
        // process; here every write just fails.
        const auto data = pattern(4000, 3);
        const net::const_buffer b = net::buffer(data);
        int errors = 0;
        for (int i = 0; i < 50 && errors < 3; ++i) {
            error_code ec;
            p.server->write_some(std::span(&b, 1), ec);
            if (ec && ec != net::error::would_block) {
                ++errors;
            }
        }
        CHECK(errors == 3);
        CHECK(ERR_peek_error() == 0);
    }
}

TEST_CASE("async_wait_readable completes at once when OpenSSL holds decrypted bytes", "[tls]") {
    TlsPair p;
    REQUIRE_FALSE(p.handshake().first);
    const std::string first(100, 'a');
    const std::string second = "second record";
    net::write(p.client, net::buffer(first));

    // Read 3 bytes: OpenSSL has taken the whole record from the socket and decrypted it.
    char buf[3];
    std::size_t n = 0;
    std::function<void()> read3 = [&] {
        error_code ec;
        n = p.server->read_some(net::buffer(buf), ec);
        if (ec == net::error::would_block) {
            p.server->async_wait_readable([&](error_code) { read3(); });
        }
    };
    read3();
    REQUIRE(run_until(p.io, [&] { return n > 0; }));
    REQUIRE(n == 3);
    REQUIRE(p.server->socket().available() == 0);  // the socket itself has nothing to say

    bool woke = false;
    p.server->async_wait_readable([&](error_code ec) { woke = !ec; });
    CHECK_FALSE(woke);  // posted, never run inside the call
    p.io.restart();
    p.io.poll();
    CHECK(woke);

    net::write(p.client, net::buffer(second));
    CHECK(p.server_read(97 + second.size()) == std::string(97, 'a') + second);
}

// --- Beast over the transport ---------------------------------------------------------------

TEST_CASE("Beast reads a request and writes a response over TlsTransport", "[tls]") {
    TlsPair p({.server_sndbuf = 16 * 1024});
    REQUIRE_FALSE(p.handshake().first);

    const auto req_body = pattern(50 * 1024, 4);
    const auto res_body = pattern(300 * 1024, 5);
    http::request<http::string_body> req{http::verb::post, "/api/echo", 11};
    req.set(http::field::host, "localhost");
    req.body().assign(req_body.begin(), req_body.end());
    req.prepare_payload();

    boost::beast::flat_buffer server_buf, client_buf;
    http::request<http::string_body> got_req;
    http::response<http::string_body> res{http::status::ok, 11};
    http::response<http::string_body> got_res;
    std::optional<error_code> server_read, server_wrote, client_wrote, client_read;

    http::async_write(p.client, req, [&](error_code ec, std::size_t) { client_wrote = ec; });
    http::async_read(*p.server, server_buf, got_req, [&](error_code ec, std::size_t) {
        server_read = ec;
        if (ec) {
            return;
        }
        res.set(http::field::content_type, "application/octet-stream");
        res.body().assign(res_body.begin(), res_body.end());
        res.prepare_payload();
        http::async_write(*p.server, res, [&](error_code e, std::size_t) { server_wrote = e; });
    });
    http::async_read(p.client, client_buf, got_res,
                     [&](error_code ec, std::size_t) { client_read = ec; });
    REQUIRE(run_until(p.io, [&] {
        return (server_read && *server_read) || (server_wrote && client_read && client_wrote);
    }));
    REQUIRE_FALSE(*server_read);
    REQUIRE_FALSE(*client_wrote);
    REQUIRE_FALSE(*server_wrote);
    REQUIRE_FALSE(*client_read);
    CHECK(got_req.method() == http::verb::post);
    CHECK(got_req.target() == "/api/echo");
    CHECK(got_req.body() == std::string(req_body.begin(), req_body.end()));
    CHECK(got_res.result() == http::status::ok);
    CHECK(got_res.body() == std::string(res_body.begin(), res_body.end()));
}

// --- Memory ---------------------------------------------------------------------------------

namespace {

std::size_t heap_in_use() {
    const struct mallinfo2 m = ::mallinfo2();
    return m.uordblks + m.hblkhd;
}

// The client side runs in a child process, so that its buffers (asio's ssl::stream keeps
// 34 KiB per connection) stay out of this process's heap. Plain connections first, then TLS
// ones, each batch after a byte from the parent. Each TLS client says "hi" once, so the server
// has read and written a record before it is measured; all are held until the pipe closes.
[[noreturn]] void run_clients(unsigned short port, int count, int from_parent) {
    int status = 0;
    try {
        net::io_context io;
        const tcp::endpoint ep(net::ip::address_v4::loopback(), port);
        char go;
        std::vector<tcp::socket> plain;
        std::vector<std::unique_ptr<ssl::stream<tcp::socket>>> tls;
        ssl::context ctx(ssl::context::tls_client);
        ctx.set_verify_mode(ssl::verify_none);
        if (::read(from_parent, &go, 1) != 1) {
            ::_exit(2);
        }
        for (int i = 0; i < count; ++i) {
            plain.emplace_back(io).connect(ep);
        }
        if (::read(from_parent, &go, 1) != 1) {
            ::_exit(3);
        }
        for (int i = 0; i < count; ++i) {
            auto s = std::make_unique<ssl::stream<tcp::socket>>(io, ctx);
            s->next_layer().connect(ep);
            s->handshake(ssl::stream_base::client);
            net::write(*s, net::buffer("hi", 2));
            tls.push_back(std::move(s));
        }
        while (::read(from_parent, &go, 1) > 0) {
        }
    } catch (...) {
        status = 1;
    }
    ::_exit(status);
}

// After the handshake: read the client's "hi" until would_block, as the WebSocket connection
// does, answer "ok", and stop. What is left is an idle connection.
struct IdleMaker {
    TlsTransport& t;
    int& ready;
    int& failures;
    std::size_t got = 0;

    void operator()(error_code ec) {
        if (ec) {
            ++failures;
            return;
        }
        for (;;) {
            char buf[64];
            const std::size_t n = t.read_some(net::buffer(buf), ec);
            if (ec == net::error::would_block) {
                break;
            }
            if (ec) {
                ++failures;
                return;
            }
            got += n;
        }
        if (got < 2) {
            t.async_wait_readable(std::move(*this));
            return;
        }
        const net::const_buffer ok = net::buffer("ok", 2);
        if (t.write_some(std::span(&ok, 1), ec) != 2) {
            ++failures;
            return;
        }
        ++ready;
    }
};

}  // namespace

// What one idle connection holds, measured with mallinfo2 (OpenSSL 3.0.x, TLS 1.3, X25519,
// AES-GCM), from a breakdown of OpenSSL's live allocations:
//   7.6 KiB  the SSL struct itself (ssl_lib.c, one zalloc; the same for any TLS transport)
//   2.3 KiB  the two AES-GCM contexts, read and write
//   1.9 KiB  two SSL_SESSIONs when the context issues TLS 1.3 tickets and caches sessions
//            (OpenSSL's default; server/tls_context.cpp turns both off, saving this part)
//   1.4 KiB  handshake leftovers OpenSSL 3.0 keeps until SSL_free (peer key share, transcript
//            hash, signature algorithm lists); no public call releases them
//   0.5 KiB  the CERT copy, then locks, verify params, our BIO (136 B)
// No record buffer: SSL_free_buffers() releases nothing more. One held read or write buffer
// would add 16.7 KiB, which is what the bound below is there to catch.
TEST_CASE("an idle TLS connection holds no record buffers", "[tls][memory]") {
    constexpr int count = 200;
    auto server_ctx = server_context();
    net::io_context io;
    tcp::acceptor acceptor(io, {net::ip::address_v4::loopback(), 0});

    // Warm up: OpenSSL and Asio make their lazy, process-wide caches on the first handshakes.
    for (int i = 0; i < 3; ++i) {
        TlsPair warm({.server_ctx = server_ctx});
        REQUIRE_FALSE(warm.handshake().first);
    }

    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(pipe_fds[1]);
        run_clients(acceptor.local_endpoint().port(), count, pipe_fds[0]);
    }
    ::close(pipe_fds[0]);
    struct ChildGuard {
        int fd;
        pid_t pid;
        int status = -1;
        void finish() {
            if (fd >= 0) {
                ::close(fd);
                fd = -1;
                ::waitpid(pid, &status, 0);
            }
        }
        ~ChildGuard() { finish(); }
    } guard{pipe_fds[1], child};

    std::vector<tcp::socket> plain;
    std::vector<TlsTransport> tls;
    plain.reserve(count);
    tls.reserve(count);
    int ready = 0, failures = 0;
    std::function<void()> accept_plain = [&] {
        acceptor.async_accept([&](error_code ec, tcp::socket s) {
            if (ec) {
                ++failures;
                return;
            }
            s.non_blocking(true);
            plain.push_back(std::move(s));
            if (plain.size() < count) {
                accept_plain();
            }
        });
    };
    std::function<void()> accept_tls = [&] {
        acceptor.async_accept([&](error_code ec, tcp::socket s) {
            if (ec) {
                ++failures;
                return;
            }
            tls.emplace_back(std::move(s), server_ctx->native_handle());
            tls.back().async_handshake(IdleMaker{tls.back(), ready, failures});
            if (tls.size() < count) {
                accept_tls();
            }
        });
    };

    const std::size_t before = heap_in_use();
    accept_plain();
    REQUIRE(::write(pipe_fds[1], "p", 1) == 1);
    REQUIRE(run_until(io, [&] { return failures > 0 || plain.size() == count; }));
    const std::size_t with_plain = heap_in_use();

    accept_tls();
    REQUIRE(::write(pipe_fds[1], "t", 1) == 1);
    REQUIRE(run_until(io, [&] { return failures > 0 || ready == count; }));
    REQUIRE(failures == 0);
    const std::size_t with_tls = heap_in_use();
    const long sessions = SSL_CTX_sess_number(server_ctx->native_handle());

    for (auto& t : tls) {
        t.close();
    }
    const std::size_t after_close = heap_in_use();
    guard.finish();
    CHECK(guard.status == 0);

    const double plain_each = double(with_plain - before) / count;
    const double tls_each = double(with_tls - with_plain) / count;
    const double kept_each = (double(after_close) - double(with_plain)) / count;
    std::cout << "idle connection heap: plain " << plain_each << " B, TLS " << tls_each
              << " B (TLS - plain " << tls_each - plain_each << " B); after close() " << kept_each
              << " B per connection remain (session cache: " << sessions
              << " sessions); sizeof(TlsTransport) " << sizeof(TlsTransport) << " B\n";
    CHECK(tls_each - plain_each < 20 * 1024);
    // close() freed the SSL object: only cached sessions remain.
    CHECK(kept_each < 2 * 1024);
}
