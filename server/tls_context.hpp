// Builds the server's OpenSSL context: TLS 1.2 and 1.3 only, Mozilla "intermediate" ciphers,
// ECDHE over X25519 or P-256, idle buffers released. Throws ConfigError on a bad cert or key.
#pragma once

#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace ibasho {

std::shared_ptr<boost::asio::ssl::context> make_tls_context(const std::string& cert_file,
                                                            const std::string& key_file);

}  // namespace ibasho
