#include "server/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <boost/asio/ssl/context.hpp>

#include "server/config.hpp"

namespace ibasho {
namespace {

// Mozilla's "intermediate" TLS 1.2 list; TLS 1.3 suites are OpenSSL's defaults, all AEAD.
constexpr const char* tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

std::string openssl_error() {
    const unsigned long e = ERR_get_error();
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

}  // namespace

std::shared_ptr<boost::asio::ssl::context> make_tls_context(const std::string& cert_file,
                                                            const std::string& key_file) {
    namespace ssl = boost::asio::ssl;
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    SSL_CTX* native = ctx->native_handle();

    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(native, TLS1_3_VERSION);
    SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                    SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_TICKET);
    // Idle connections then hold no 34 KiB read/write buffers each.
    SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_set_cipher_list(native, tls12_ciphers) != 1) {
        throw ConfigError("tls", "cipher list rejected: " + openssl_error());
    }
    if (SSL_CTX_set1_groups_list(native, "X25519:P-256") != 1) {
        throw ConfigError("tls", "key exchange groups rejected: " + openssl_error());
    }
    if (SSL_CTX_use_certificate_chain_file(native, cert_file.c_str()) != 1) {
        throw ConfigError("cert", "cannot load '" + cert_file + "': " + openssl_error());
    }
    if (SSL_CTX_use_PrivateKey_file(native, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
        throw ConfigError("key", "cannot load '" + key_file + "': " + openssl_error());
    }
    if (SSL_CTX_check_private_key(native) != 1) {
        throw ConfigError("key", "does not match the certificate in '" + cert_file + "'");
    }
    // No resumption at all: a cached session or a ticket would let the server recognise a
    // returning device across connections, which an anonymous service should not be able to
    // do, and each cached session costs ~1 KiB per connection. A TLS 1.3 full handshake takes
    // the same one round trip; the price is one signature of server CPU per reconnect.
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(native, 0);
    return ctx;
}

}  // namespace ibasho
