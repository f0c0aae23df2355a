// The bounded queue of frames waiting for one socket, with the batch currently being written.
// No I/O here: the WebSocket session drains it, one write in flight at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "server/shared_frame.hpp"

namespace ibasho {

class OutboundQueue {
  public:
    // A batch stops growing at this many bytes, so one slow write cannot hold everything.
    static constexpr std::size_t max_batch_bytes = 256 * 1024;

    OutboundQueue(std::size_t max_bytes, std::size_t max_frames);

    // Queues a frame unless that would pass either bound; then returns `dropped` and queues
    // nothing. `backpressure` once more than half of a bound is in use.
    SendResult push(SharedFrame frame);

    // The same for a frame the client asked for (the room list, history replayed on join).
    // Why two allowances of max_bytes each, rather than one for both: the byte bound exists
    // to find a client that does not keep up with its rooms, which push() frames measure (the
    // client never asked for them, and their rate is the rooms'). A reply arrives only because
    // the client asked, at a rate its own frame budget caps, so counting it against the rooms'
    // allowance would let one requested room list or history replay, on top of a brisk room,
    // close a client that reads promptly as a slow consumer. Replies get an allowance of their
    // own instead (a client that asks faster than it reads still passes it and is closed), and
    // neither kind is judged by the other's bytes. Memory stays bounded: at most twice
    // max_bytes, and the frame-count bound still covers both.
    SendResult push_reply(SharedFrame frame);

    // Moves queued frames into the in-flight batch. Returns false when there is nothing to
    // send or a batch is already in flight (one write at a time per socket).
    bool start_batch();
    const std::vector<SharedFrame>& batch() const { return batch_; }
    std::size_t batch_bytes() const { return batch_bytes_; }  // including '\n' separators

    // The in-flight batch was written; its frames are released.
    void finish_batch();

    bool writing() const { return !batch_.empty(); }
    bool empty() const { return head_ == queue_.size() && batch_.empty(); }
    std::size_t queued_bytes() const { return queued_bytes_; }  // queued and in flight
    std::size_t reply_bytes() const { return reply_bytes_; }    // the replies among them
    // Entries the queue's storage holds, already-sent ones included (for memory checks).
    std::size_t slots() const { return queue_.size(); }
    std::size_t queued_frames() const { return queue_.size() - head_ + batch_.size(); }

    // Forgets every frame that is not in flight; returns the bytes released.
    std::size_t discard_pending();

    // Gives back the storage a burst left behind; only while nothing is queued or in flight.
    void release_memory();

  private:
    std::size_t max_bytes_;
    std::size_t max_frames_;
    // A vector with a read index rather than a deque: an idle connection then holds no
    // buffer at all (libstdc++'s deque keeps a 512-byte block even when empty).
    std::vector<SharedFrame> queue_;
    std::size_t head_ = 0;
    std::vector<SharedFrame> batch_;
    void compact();
    std::size_t queued_bytes_ = 0;
    std::size_t batch_bytes_ = 0;
    // Replies are rare next to room frames, so instead of a kind per queued frame (a wider
    // entry for every frame) each reply is remembered by its place in the stream: frames are
    // numbered in push order, `released_` of them have left the front.
    struct ReplyMark {
        std::uint64_t number;
        std::size_t bytes;
    };
    std::vector<ReplyMark> replies_;
    std::size_t reply_head_ = 0;
    std::size_t reply_bytes_ = 0;
    std::uint64_t pushed_ = 0;
    std::uint64_t released_ = 0;
    void release_replies();
};

}  // namespace ibasho
