// A TLS connection in which OpenSSL reads and writes the non-blocking socket itself, driven the
// same way as PlainTransport. Idle, it holds OpenSSL's connection state but no record buffers.
#pragma once

#include <openssl/types.h>
#include <boost/asio/append.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

namespace ibasho {

// Why not asio::ssl::stream: it keeps two 17 KiB vectors per connection, and its BIO pair two
// more, for the connection's whole life. Here OpenSSL talks to the socket through a tiny BIO,
// and SSL_MODE_RELEASE_BUFFERS lets it drop its record buffers whenever they are empty.
//
// Threading: like a socket, one connection is used from one strand (or thread) at a time.
// Moving: allowed between operations (the HTTP session hands it to the WebSocket connection),
// never while an asynchronous operation is pending, because the operation points at `this`.
class TlsTransport {
  public:
    using executor_type = boost::asio::ip::tcp::socket::executor_type;

    // The most plaintext one write_some sends: one TLS record.
    static constexpr std::size_t max_write = 16384;

    // Takes the accepted socket and makes it non-blocking. `ctx` is the server's SSL_CTX (see
    // make_tls_context); the SSL object keeps its own reference to it. If OpenSSL cannot
    // allocate, the transport is unusable and async_handshake reports the error.
    TlsTransport(boost::asio::ip::tcp::socket socket, SSL_CTX* ctx);
    ~TlsTransport();
    TlsTransport(TlsTransport&& other) noexcept;
    TlsTransport& operator=(TlsTransport&& other) noexcept;
    TlsTransport(const TlsTransport&) = delete;
    TlsTransport& operator=(const TlsTransport&) = delete;

    executor_type get_executor() { return socket_.get_executor(); }
    // Closing the socket directly (a timeout does) is safe: every later call then fails with
    // bad_descriptor rather than let OpenSSL use a descriptor number that may be reused.
    boost::asio::ip::tcp::socket& socket() { return socket_; }

    // The server side of the TLS handshake; `handler(error_code)`. Every failure (an old
    // protocol version, plain HTTP, garbage, the peer leaving midway, the socket closed by a
    // timeout) arrives as an error_code; a peer that simply disconnects gives `eof`.
    template <class Handler>
    void async_handshake(Handler&& handler) {
        boost::asio::async_compose<Handler, void(boost::system::error_code)>(handshake_op{this},
                                                                             handler, socket_);
    }

    // `handler(error_code)` once read_some may make progress. Completes at once (posted, never
    // inside this call) when OpenSSL already holds decrypted bytes, which the socket would
    // never announce; waits for writability when OpenSSL must send before it can read on.
    template <class Handler>
    void async_wait_readable(Handler&& handler) {
        wait(readable_plan(), std::forward<Handler>(handler));
    }
    // `handler(error_code)` once write_some may make progress (usually: the socket is writable).
    template <class Handler>
    void async_wait_writable(Handler&& handler) {
        wait(writable_plan(), std::forward<Handler>(handler));
    }

    // Never blocks. Returns the bytes of (part of) one TLS record. `ec` is `would_block` when
    // nothing can be read yet, `eof` when the peer closed (close_notify, or TCP end of stream
    // without one: a phone losing coverage is ordinary), an ssl-category error (readable
    // message) on a protocol failure, or a system error such as connection_reset.
    std::size_t read_some(boost::asio::mutable_buffer buffer, boost::system::error_code& ec);

    // Never blocks. Sends at most max_write bytes gathered from the front of `buffers` and
    // returns how many were taken (possibly fewer than offered); `ec` is `would_block` when
    // nothing could be taken.
    //
    // Contract after `would_block`: OpenSSL has already encrypted the first bytes it was given
    // and must be offered the same bytes again. So until a write_some returns progress, call it
    // again with the same bytes at the front (more may be appended behind them); anything else
    // is answered with `invalid_argument` or sends the old bytes.
    std::size_t write_some(std::span<const boost::asio::const_buffer> buffers,
                           boost::system::error_code& ec);

    // Best effort: one non-blocking close_notify (skipped if the handshake never finished or
    // the connection already failed), then TCP shutdown(send). Reading stays possible.
    void shutdown_send();
    // Shuts down and closes the socket and frees the SSL object at once, so a closed
    // connection holds no TLS memory while its owner lingers. Safe to call twice; afterwards
    // every operation fails with `bad_descriptor`.
    void close();

    // The Asio stream model, so beast::http::async_read / async_write work before the
    // upgrade. Signature void(error_code, std::size_t); the handler never runs inside the call.
    template <class MutableBufferSequence, class Token>
    auto async_read_some(const MutableBufferSequence& buffers, Token&& token) {
        return boost::asio::async_compose<Token, void(boost::system::error_code, std::size_t)>(
            read_op{this, first_buffer(buffers)}, token, socket_);
    }
    template <class ConstBufferSequence, class Token>
    auto async_write_some(const ConstBufferSequence& buffers, Token&& token) {
        return boost::asio::async_compose<Token, void(boost::system::error_code, std::size_t)>(
            write_op<ConstBufferSequence>{this, buffers}, token, socket_);
    }

  private:
    enum class Step : std::uint8_t { done, want_read, want_write, failed };
    enum class Wait : std::uint8_t { ready, read, write };
    enum class OpState : std::uint8_t { starting, waiting, finishing };

    // The most buffers one asynchronous write looks at; the rest waits for the next call.
    static constexpr std::size_t max_op_pieces = 32;

    // One SSL_do_handshake; fills `ec` on `failed`.
    Step handshake_step(boost::system::error_code& ec);
    Wait readable_plan() const;
    Wait writable_plan() const;
    // Turns an SSL_get_error result into an error_code and marks the connection failed.
    boost::system::error_code fail(int ssl_error, int saved_errno);
    bool usable() const { return ssl_ != nullptr && socket_.is_open(); }

    template <class Handler>
    void wait(Wait plan, Handler&& handler) {
        if (plan == Wait::ready) {
            // append() keeps the handler's associated executor and allocator.
            boost::asio::post(
                socket_.get_executor(),
                boost::asio::append(std::forward<Handler>(handler), boost::system::error_code{}));
        } else {
            socket_.async_wait(plan == Wait::read ? boost::asio::socket_base::wait_read
                                                  : boost::asio::socket_base::wait_write,
                               std::forward<Handler>(handler));
        }
    }

    template <class MutableBufferSequence>
    static boost::asio::mutable_buffer first_buffer(const MutableBufferSequence& buffers) {
        for (auto it = boost::asio::buffer_sequence_begin(buffers);
             it != boost::asio::buffer_sequence_end(buffers); ++it) {
            boost::asio::mutable_buffer b(*it);
            if (b.size() > 0) {
                return b;
            }
        }
        return {};
    }

    struct handshake_op {
        TlsTransport* t;
        OpState state = OpState::starting;

        template <class Self>
        void operator()(Self& self, boost::system::error_code ec = {}) {
            if (state == OpState::finishing || (state == OpState::waiting && ec)) {
                self.complete(ec);
                return;
            }
            switch (t->handshake_step(ec)) {
                case Step::want_read:
                    state = OpState::waiting;
                    t->socket_.async_wait(boost::asio::socket_base::wait_read, std::move(self));
                    return;
                case Step::want_write:
                    state = OpState::waiting;
                    t->socket_.async_wait(boost::asio::socket_base::wait_write, std::move(self));
                    return;
                case Step::done:
                case Step::failed:
                    break;
            }
            if (state == OpState::waiting) {
                self.complete(ec);
                return;
            }
            // Finished within the initiating call: complete from the executor instead.
            state = OpState::finishing;
            boost::asio::post(t->socket_.get_executor(), boost::asio::append(std::move(self), ec));
        }
    };

    // Shared by the read and write operations: try now, wait and retry on would_block, and
    // never complete inside the initiating call.
    template <class Derived>
    struct io_op {
        TlsTransport* t;
        OpState state = OpState::starting;

        template <class Self>
        void operator()(Self& self, boost::system::error_code ec = {}, std::size_t n = 0) {
            if (state == OpState::finishing || (state == OpState::waiting && ec)) {
                self.complete(ec, n);
                return;
            }
            n = static_cast<Derived*>(this)->attempt(ec);
            if (ec == boost::asio::error::would_block) {
                state = OpState::waiting;
                static_cast<Derived*>(this)->wait_again(std::move(self));
                return;
            }
            if (state == OpState::waiting) {
                self.complete(ec, n);
                return;
            }
            state = OpState::finishing;
            boost::asio::post(t->socket_.get_executor(),
                              boost::asio::append(std::move(self), ec, n));
        }
    };

    struct read_op : io_op<read_op> {
        read_op(TlsTransport* transport, boost::asio::mutable_buffer b)
            : io_op<read_op>{transport}, buffer(b) {}
        boost::asio::mutable_buffer buffer;

        std::size_t attempt(boost::system::error_code& ec) {
            return this->t->read_some(buffer, ec);
        }
        template <class Self>
        void wait_again(Self&& self) {
            this->t->async_wait_readable(std::forward<Self>(self));
        }
    };

    template <class ConstBufferSequence>
    struct write_op : io_op<write_op<ConstBufferSequence>> {
        write_op(TlsTransport* transport, const ConstBufferSequence& b)
            : io_op<write_op>{transport}, buffers(b) {}
        ConstBufferSequence buffers;

        // Rebuilt from the same sequence on every attempt, so a retry after would_block offers
        // the same bytes, as write_some requires.
        std::size_t attempt(boost::system::error_code& ec) {
            boost::asio::const_buffer pieces[max_op_pieces];
            std::size_t count = 0;
            for (auto it = boost::asio::buffer_sequence_begin(buffers);
                 it != boost::asio::buffer_sequence_end(buffers) && count < max_op_pieces; ++it) {
                pieces[count++] = boost::asio::const_buffer(*it);
            }
            return this->t->write_some(std::span(pieces, count), ec);
        }
        template <class Self>
        void wait_again(Self&& self) {
            this->t->async_wait_writable(std::forward<Self>(self));
        }
    };

    boost::asio::ip::tcp::socket socket_;
    SSL* ssl_ = nullptr;
    // Bytes OpenSSL has encrypted but not yet sent in full; the next write_some offers exactly
    // this many again (see write_some).
    std::uint16_t pending_write_ = 0;
    // OpenSSL sometimes has to write to make reading progress (a TLS 1.3 KeyUpdate reply, an
    // alert) or the reverse; the next wait then watches the direction it really needs.
    bool read_wants_write_ = false;
    bool write_wants_read_ = false;
    // After SSL_ERROR_SSL or SSL_ERROR_SYSCALL OpenSSL forbids SSL_shutdown.
    bool failed_ = false;
};

}  // namespace ibasho
