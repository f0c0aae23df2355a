// One TCP + (TLS) + WebSocket connection attempt of a client. A new Link is made for every
// (re)connect, so a dropped connection's late completions can never touch the next one.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <memory>
#include <string>
#include <string_view>

namespace ibasho::bench {

struct Shared;

// What a Link reports to its owner, always on the owner's thread.
class LinkOwner {
  public:
    virtual ~LinkOwner() = default;
    virtual void on_open() = 0;
    virtual void on_frame(std::string_view payload) = 0;
    virtual void on_written() = 0;
    // The connection ended or could not be made. `close_code` is the WebSocket close code the
    // server sent, or 0; `what` names the error for the report.
    virtual void on_failed(const std::string& what, int close_code) = 0;
    // Whether to go on reading after a frame (a "slow consumer" stops).
    virtual bool keep_reading() const = 0;
};

class Link {
  public:
    virtual ~Link() = default;
    virtual void start() = 0;
    // One write at a time: the owner waits for on_written before the next.
    virtual void write(std::string frame) = 0;
    // Closes the socket at once, without a close frame (a network drop); no more callbacks.
    virtual void abort() = 0;
};

// A WebSocket to the target connection `index` uses (--url index mod n), from `source`.
std::shared_ptr<Link> make_link(LinkOwner& owner, Shared& shared, boost::asio::io_context& io,
                                const boost::asio::ip::address& source, std::uint32_t index);

}  // namespace ibasho::bench
