#include "server/transport/plain_transport.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>

namespace ibasho {

std::size_t PlainTransport::write_some(std::span<const boost::asio::const_buffer> buffers,
                                       boost::system::error_code& ec) {
    constexpr std::size_t max_iov = 1024;  // IOV_MAX on Linux
    iovec iov[max_iov];
    const std::size_t count = std::min(buffers.size(), max_iov);
    for (std::size_t i = 0; i < count; ++i) {
        iov[i].iov_base = const_cast<void*>(buffers[i].data());
        iov[i].iov_len = buffers[i].size();
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = count;
    for (;;) {
        // MSG_NOSIGNAL: a peer that vanished gives EPIPE here rather than killing the process.
        const ssize_t n = ::sendmsg(socket_.native_handle(), &msg, MSG_NOSIGNAL);
        if (n >= 0) {
            ec = {};
            return static_cast<std::size_t>(n);
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            ec = boost::asio::error::would_block;
        } else {
            ec = boost::system::error_code(errno, boost::system::system_category());
        }
        return 0;
    }
}

}  // namespace ibasho
