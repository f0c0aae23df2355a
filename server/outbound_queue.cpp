#include "server/outbound_queue.hpp"

namespace ibasho {

OutboundQueue::OutboundQueue(std::size_t max_bytes, std::size_t max_frames)
    : max_bytes_(max_bytes), max_frames_(max_frames) {}

SendResult OutboundQueue::push(SharedFrame frame) {
    const std::size_t size = frame->size() + 1;  // the separator it may need
    const std::size_t rooms = queued_bytes_ - reply_bytes_;
    if (rooms + size > max_bytes_ || queued_frames() + 1 > max_frames_) {
        return SendResult::dropped;
    }
    queued_bytes_ += size;
    queue_.push_back(std::move(frame));
    ++pushed_;
    if ((rooms + size) * 2 > max_bytes_ || queued_frames() * 2 > max_frames_) {
        return SendResult::backpressure;
    }
    return SendResult::success;
}

SendResult OutboundQueue::push_reply(SharedFrame frame) {
    const std::size_t size = frame->size() + 1;
    if (reply_bytes_ + size > max_bytes_ || queued_frames() + 1 > max_frames_) {
        return SendResult::dropped;
    }
    queued_bytes_ += size;
    reply_bytes_ += size;
    queue_.push_back(std::move(frame));
    replies_.push_back(ReplyMark{pushed_++, size});
    if (reply_bytes_ * 2 > max_bytes_ || queued_frames() * 2 > max_frames_) {
        return SendResult::backpressure;
    }
    return SendResult::success;
}

void OutboundQueue::release_replies() {
    while (reply_head_ < replies_.size() && replies_[reply_head_].number < released_) {
        reply_bytes_ -= replies_[reply_head_].bytes;
        ++reply_head_;
    }
    if (reply_head_ == replies_.size()) {
        replies_.clear();
        reply_head_ = 0;
    }
}

void OutboundQueue::compact() {
    if (head_ == queue_.size()) {
        queue_.clear();
        head_ = 0;
        // Give back what a burst needed; an idle connection should cost almost nothing.
        if (queue_.capacity() > 32) {
            queue_.shrink_to_fit();
        }
    } else if (head_ >= 64 && head_ * 2 >= queue_.size()) {
        // A queue that never quite empties must not grow forever: drop the sent front half
        // (amortised O(1) per frame).
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
    }
}

bool OutboundQueue::start_batch() {
    if (!batch_.empty() || head_ == queue_.size()) {
        return false;
    }
    batch_bytes_ = 0;
    // Always take at least one frame, however large, so progress never stalls.
    while (head_ < queue_.size()) {
        const std::size_t next = queue_[head_]->size() + (batch_.empty() ? 0 : 1);
        if (!batch_.empty() && batch_bytes_ + next > max_batch_bytes) {
            break;
        }
        batch_bytes_ += next;
        batch_.push_back(std::move(queue_[head_]));
        ++head_;
    }
    compact();
    return true;
}

void OutboundQueue::finish_batch() {
    for (const auto& f : batch_) {
        queued_bytes_ -= f->size() + 1;
    }
    released_ += batch_.size();
    if (!replies_.empty()) {
        release_replies();
    }
    batch_.clear();
    if (batch_.capacity() > 32) {
        batch_.shrink_to_fit();
    }
    batch_bytes_ = 0;
}

std::size_t OutboundQueue::discard_pending() {
    std::size_t released = 0;
    for (std::size_t i = head_; i < queue_.size(); ++i) {
        released += queue_[i]->size() + 1;
    }
    head_ = queue_.size();
    compact();
    queued_bytes_ -= released;
    // The discarded frames were the last ones pushed: their replies go, and numbering goes on
    // from the end of the batch still in flight.
    pushed_ = released_ + batch_.size();
    while (replies_.size() > reply_head_ && replies_.back().number >= pushed_) {
        reply_bytes_ -= replies_.back().bytes;
        replies_.pop_back();
    }
    if (reply_head_ == replies_.size()) {
        replies_.clear();
        reply_head_ = 0;
    }
    return released;
}

void OutboundQueue::release_memory() {
    if (empty()) {
        std::vector<SharedFrame>().swap(queue_);
        std::vector<SharedFrame>().swap(batch_);
        std::vector<ReplyMark>().swap(replies_);
        head_ = 0;
        reply_head_ = 0;
    }
}

}  // namespace ibasho
