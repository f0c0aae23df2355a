#include "tests/integration/support/tls_probe.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

#include "tests/integration/support/raw_tcp.hpp"

namespace ibasho::itest {

namespace {

std::string drain_errors() {
    std::string out;
    while (const unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        out += (out.empty() ? "" : "; ") + std::string(buf);
    }
    return out;
}

// The key exchange group as OpenSSL names it, from the server's ephemeral key.
std::string group_of(SSL* ssl) {
    EVP_PKEY* key = nullptr;
    if (SSL_get_peer_tmp_key(ssl, &key) != 1 || key == nullptr) {
        return {};
    }
    std::string out;
    char name[80] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(key, name, sizeof name, &len) == 1) {
        out = name;
    } else {
        out = EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "";
    }
    EVP_PKEY_free(key);
    return out;
}

}  // namespace

TlsOutcome tls_handshake(std::uint16_t port, const TlsProbe& probe) {
    TlsOutcome out;
    ERR_clear_error();
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                          &SSL_CTX_free);
    if (!ctx) {
        out.error = "SSL_CTX_new: " + drain_errors();
        return out;
    }
    SSL_CTX_set_security_level(ctx.get(), 0);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    if (probe.min_version != 0) {
        SSL_CTX_set_min_proto_version(ctx.get(), probe.min_version);
    }
    if (probe.max_version != 0) {
        SSL_CTX_set_max_proto_version(ctx.get(), probe.max_version);
    }
    const std::string ciphers =
        probe.cipher_list.empty() ? "DEFAULT:@SECLEVEL=0" : probe.cipher_list + ":@SECLEVEL=0";
    if (SSL_CTX_set_cipher_list(ctx.get(), ciphers.c_str()) != 1) {
        out.error = "client cipher list: " + drain_errors();
        return out;
    }
    if (!probe.groups.empty() && SSL_CTX_set1_groups_list(ctx.get(), probe.groups.c_str()) != 1) {
        out.error = "client groups: " + drain_errors();
        return out;
    }

    auto connect_fd = [&] { return connect_loopback(port, probe.timeout); };
    const int fd = connect_fd();
    if (fd < 0) {
        out.error = "connect failed";
        return out;
    }
    SSL* ssl = SSL_new(ctx.get());
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "localhost");
    SSL_SESSION* session = nullptr;
    if (SSL_connect(ssl) == 1) {
        out.ok = true;
        out.version = SSL_get_version(ssl);
        out.cipher = SSL_get_cipher_name(ssl);
        out.group = group_of(ssl);
        if (probe.try_resume) {
            // TLS 1.3 tickets arrive after the handshake: one short read takes them in (it
            // then times out, as the server has nothing else to say).
            timeval short_wait{0, 300 * 1000};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &short_wait, sizeof short_wait);
            char byte;
            SSL_read(ssl, &byte, 1);
            ERR_clear_error();
            session = SSL_get1_session(ssl);
            out.resumable = session != nullptr && SSL_SESSION_is_resumable(session) == 1;
        }
        SSL_shutdown(ssl);
    } else {
        out.error = drain_errors();
        if (out.error.empty()) {
            out.error = "handshake failed without an OpenSSL error (connection closed?)";
        }
    }
    SSL_free(ssl);
    ::close(fd);
    if (session != nullptr) {
        const int fd2 = connect_fd();
        if (fd2 >= 0) {
            SSL* again = SSL_new(ctx.get());
            SSL_set_fd(again, fd2);
            SSL_set_tlsext_host_name(again, "localhost");
            SSL_set_session(again, session);
            if (SSL_connect(again) == 1) {
                out.resumed = SSL_session_reused(again) == 1;
                SSL_shutdown(again);
            }
            ERR_clear_error();
            SSL_free(again);
            ::close(fd2);
        }
        SSL_SESSION_free(session);
    }
    return out;
}

}  // namespace ibasho::itest
