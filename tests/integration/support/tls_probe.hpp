// One TLS handshake with OpenSSL directly, with a chosen protocol range, cipher list and key
// exchange groups, reporting what was negotiated — to check what the server accepts and refuses.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ibasho::itest {

struct TlsProbe {
    int min_version = 0;  // TLS1_VERSION ... TLS1_3_VERSION; 0 = library default
    int max_version = 0;
    std::string cipher_list;  // TLS 1.2 and below (SSL_CTX_set_cipher_list); "" = default
    std::string groups;       // e.g. "X25519" or "P-384"; "" = default
    std::chrono::milliseconds timeout{5000};
    // Waits briefly for session tickets after the handshake, then connects a second time
    // offering whatever session the first one left (ticket or session id).
    bool try_resume = false;
};

struct TlsOutcome {
    bool ok = false;
    std::string version;     // "TLSv1.3", ...
    std::string cipher;      // OpenSSL name of the negotiated suite
    std::string group;       // "X25519", "prime256v1", ...
    std::string error;       // OpenSSL's reason when the handshake failed
    bool resumable = false;  // try_resume: the first connection left a resumable session
    bool resumed = false;    // try_resume: the second handshake resumed it
};

// The client runs at security level 0 so that an old protocol or weak suite is refused by
// the server, not withheld by Debian's client defaults.
TlsOutcome tls_handshake(std::uint16_t port, const TlsProbe& probe);

}  // namespace ibasho::itest
