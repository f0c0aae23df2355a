#include "server/transport/tls_transport.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <boost/asio/ssl/error.hpp>
#include <cerrno>
#include <climits>
#include <cstring>

namespace ibasho {
namespace {

namespace net = boost::asio;
using boost::system::error_code;

// --- The socket BIO ---------------------------------------------------------------------------
// OpenSSL's own socket BIO (what SSL_set_fd installs) writes with write(2): a write to a peer
// that has gone raises SIGPIPE and kills the process, which nothing else in the server ignores.
// This BIO is the same few lines with send(MSG_NOSIGNAL). It holds only the descriptor number.

int socket_of(BIO* bio) {
    return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio)));
}

bool would_block(int err) {
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

int bio_write(BIO* bio, const char* data, int size) {
    BIO_clear_retry_flags(bio);
    const ssize_t n = ::send(socket_of(bio), data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
    if (n >= 0) {
        return static_cast<int>(n);
    }
    if (would_block(errno)) {
        BIO_set_retry_write(bio);
    }
    return -1;
}

int bio_read(BIO* bio, char* data, int size) {
    BIO_clear_retry_flags(bio);
    const ssize_t n = ::recv(socket_of(bio), data, static_cast<std::size_t>(size), 0);
    if (n > 0) {
        return static_cast<int>(n);
    }
    if (n == 0) {
        // Remembered for BIO_CTRL_EOF: OpenSSL 3 then reports "unexpected eof while reading"
        // rather than a bare SSL_ERROR_SYSCALL.
        BIO_set_flags(bio, BIO_FLAGS_IN_EOF);
        return 0;
    }
    if (would_block(errno)) {
        BIO_set_retry_read(bio);
    }
    return -1;
}

long bio_ctrl(BIO* bio, int cmd, long, void*) {
    switch (cmd) {
        case BIO_CTRL_FLUSH:
            return 1;  // nothing is buffered here; OpenSSL treats 0 as a failed flush
        case BIO_CTRL_EOF:
            return BIO_test_flags(bio, BIO_FLAGS_IN_EOF) != 0 ? 1 : 0;
        default:
            return 0;
    }
}

int bio_create(BIO* bio) {
    BIO_set_data(bio, nullptr);
    return 1;
}

// One method table for the whole process, made on first use (thread-safe static) and kept
// until exit, as OpenSSL's own are.
const BIO_METHOD* socket_bio_method() {
    static BIO_METHOD* const method = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "ibasho socket");
        if (m != nullptr) {
            BIO_meth_set_write(m, bio_write);
            BIO_meth_set_read(m, bio_read);
            BIO_meth_set_ctrl(m, bio_ctrl);
            BIO_meth_set_create(m, bio_create);
        }
        return m;
    }();
    return method;
}

// SSL_write takes one buffer, the WebSocket connection hands over many small ones. They are
// gathered here, one record at a time; per thread, so no connection owns a buffer.
thread_local std::array<unsigned char, TlsTransport::max_write> gather_scratch;

}  // namespace

TlsTransport::TlsTransport(net::ip::tcp::socket socket, SSL_CTX* ctx) : socket_(std::move(socket)) {
    error_code ignored;
    socket_.non_blocking(true, ignored);
    const BIO_METHOD* method = socket_bio_method();
    if (ctx == nullptr || method == nullptr || !socket_.is_open()) {
        return;
    }
    ERR_clear_error();
    ssl_ = SSL_new(ctx);
    BIO* bio = ssl_ != nullptr ? BIO_new(method) : nullptr;
    if (bio == nullptr) {
        SSL_free(ssl_);
        ssl_ = nullptr;
        ERR_clear_error();
        return;
    }
    BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(socket_.native_handle())));
    BIO_set_init(bio, 1);
    // One BIO for both directions; the SSL object owns it from here on.
    SSL_set_bio(ssl_, bio, bio);
    SSL_set_accept_state(ssl_);
    // Partial writes: SSL_write returns after each record, as a socket would. Moving buffer:
    // a retry may come from the caller's memory or from the gather scratch. Release buffers is
    // normally inherited from the context; set here too because idle memory depends on it.
    SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                           SSL_MODE_RELEASE_BUFFERS);
}

TlsTransport::~TlsTransport() {
    SSL_free(ssl_);
}

TlsTransport::TlsTransport(TlsTransport&& other) noexcept
    : socket_(std::move(other.socket_)),
      ssl_(std::exchange(other.ssl_, nullptr)),
      pending_write_(std::exchange(other.pending_write_, 0)),
      read_wants_write_(std::exchange(other.read_wants_write_, false)),
      write_wants_read_(std::exchange(other.write_wants_read_, false)),
      failed_(std::exchange(other.failed_, false)) {}

TlsTransport& TlsTransport::operator=(TlsTransport&& other) noexcept {
    if (this != &other) {
        close();
        socket_ = std::move(other.socket_);
        ssl_ = std::exchange(other.ssl_, nullptr);
        pending_write_ = std::exchange(other.pending_write_, 0);
        read_wants_write_ = std::exchange(other.read_wants_write_, false);
        write_wants_read_ = std::exchange(other.write_wants_read_, false);
        failed_ = std::exchange(other.failed_, false);
    }
    return *this;
}

error_code TlsTransport::fail(int ssl_error, int saved_errno) {
    failed_ = true;
    const unsigned long e = ERR_get_error();
    // The rest of the queue belongs to this failure too; leaving it would taint the next
    // connection served on this thread.
    ERR_clear_error();
    if (ssl_error == SSL_ERROR_ZERO_RETURN) {
        return net::error::eof;
    }
    if (ssl_error == SSL_ERROR_SYSCALL && e == 0) {
        // No errno: the peer closed the TCP connection without close_notify.
        return saved_errno == 0 ? error_code(net::error::eof)
                                : error_code(saved_errno, boost::system::system_category());
    }
    if (e == 0) {
        return net::ssl::error::unexpected_result;
    }
    if (ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
        // OpenSSL 3's name for the same thing: end of stream without close_notify. WebSocket
        // and HTTP frame their own messages, so a truncation cannot pass as a whole message.
        return net::error::eof;
    }
    return error_code(static_cast<int>(e), net::error::get_ssl_category());
}

TlsTransport::Step TlsTransport::handshake_step(error_code& ec) {
    if (ssl_ == nullptr) {
        ec = socket_.is_open() ? net::error::no_memory : net::error::bad_descriptor;
        return Step::failed;
    }
    if (!socket_.is_open()) {
        // Closed under us (the HTTP session's timeout closes the socket directly). The
        // descriptor number may already belong to another connection: never touch it.
        ec = net::error::bad_descriptor;
        return Step::failed;
    }
    ERR_clear_error();
    errno = 0;
    const int r = SSL_do_handshake(ssl_);
    const int saved_errno = errno;
    if (r == 1) {
        ec = {};
        return Step::done;
    }
    const int err = SSL_get_error(ssl_, r);
    if (err == SSL_ERROR_WANT_READ) {
        return Step::want_read;
    }
    if (err == SSL_ERROR_WANT_WRITE) {
        return Step::want_write;
    }
    ec = fail(err, saved_errno);
    return Step::failed;
}

TlsTransport::Wait TlsTransport::readable_plan() const {
    if (!usable()) {
        return Wait::read;  // the socket wait reports the closed socket
    }
    if (read_wants_write_) {
        return Wait::write;
    }
    // Only bytes already decrypted count (not SSL_has_pending): a half-received record also
    // sits in OpenSSL's buffer, and treating it as ready would spin until the rest arrives.
    // Without read-ahead OpenSSL never holds a whole undecrypted record.
    return SSL_pending(ssl_) > 0 ? Wait::ready : Wait::read;
}

TlsTransport::Wait TlsTransport::writable_plan() const {
    return usable() && write_wants_read_ ? Wait::read : Wait::write;
}

std::size_t TlsTransport::read_some(net::mutable_buffer buffer, error_code& ec) {
    if (!usable()) {
        ec = net::error::bad_descriptor;
        return 0;
    }
    ec = {};
    if (buffer.size() == 0) {
        return 0;
    }
    ERR_clear_error();
    errno = 0;
    std::size_t n = 0;
    const int r = SSL_read_ex(ssl_, buffer.data(), buffer.size(), &n);
    const int saved_errno = errno;
    if (r == 1) {
        read_wants_write_ = false;
        return n;
    }
    const int err = SSL_get_error(ssl_, r);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
        read_wants_write_ = err == SSL_ERROR_WANT_WRITE;
        ec = net::error::would_block;
        return 0;
    }
    if (err == SSL_ERROR_ZERO_RETURN) {
        // close_notify: the connection itself is fine, so this is not a failure.
        ERR_clear_error();
        ec = net::error::eof;
        return 0;
    }
    ec = fail(err, saved_errno);
    return 0;
}

std::size_t TlsTransport::write_some(std::span<const net::const_buffer> buffers, error_code& ec) {
    if (!usable()) {
        ec = net::error::bad_descriptor;
        return 0;
    }
    ec = {};
    std::size_t total = 0;
    const net::const_buffer* first = nullptr;
    for (const auto& b : buffers) {
        if (b.size() > 0 && first == nullptr) {
            first = &b;
        }
        total += b.size();
        if (total >= max_write) {
            break;
        }
    }
    const std::size_t want = pending_write_ > 0 ? pending_write_ : std::min(total, max_write);
    if (total < want) {
        ec = net::error::invalid_argument;  // the retry contract was broken
        return 0;
    }
    if (want == 0) {
        return 0;
    }

    // Contiguous bytes go straight to OpenSSL; only a split head is copied.
    const void* data = first->data();
    if (first->size() < want) {
        std::size_t copied = 0;
        for (const auto& b : buffers) {
            const std::size_t take = std::min(b.size(), want - copied);
            std::memcpy(gather_scratch.data() + copied, b.data(), take);
            copied += take;
            if (copied == want) {
                break;
            }
        }
        data = gather_scratch.data();
    }

    ERR_clear_error();
    errno = 0;
    std::size_t n = 0;
    const int r = SSL_write_ex(ssl_, data, want, &n);
    const int saved_errno = errno;
    if (r == 1) {
        pending_write_ = 0;
        write_wants_read_ = false;
        return n;
    }
    const int err = SSL_get_error(ssl_, r);
    if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) {
        // OpenSSL keeps the encrypted record and insists on being offered the same bytes.
        pending_write_ = static_cast<std::uint16_t>(want);
        write_wants_read_ = err == SSL_ERROR_WANT_READ;
        ec = net::error::would_block;
        return 0;
    }
    ec = fail(err, saved_errno);
    return 0;
}

void TlsTransport::shutdown_send() {
    if (usable() && !failed_ && SSL_is_init_finished(ssl_)) {
        // One try: if the socket is full the alert is lost, and the peer sees a plain end of
        // stream, which every client treats the same way.
        ERR_clear_error();
        SSL_shutdown(ssl_);
        ERR_clear_error();
    }
    error_code ignored;
    socket_.shutdown(net::socket_base::shutdown_send, ignored);
}

void TlsTransport::close() {
    error_code ignored;
    if (socket_.is_open()) {
        socket_.shutdown(net::socket_base::shutdown_both, ignored);
        socket_.close(ignored);
    }
    SSL_free(ssl_);
    ssl_ = nullptr;
}

}  // namespace ibasho
