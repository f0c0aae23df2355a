#include "server/outbound_queue.hpp"

namespace ibasho {

OutboundQueue::OutboundQueue(std::size_t max_bytes, std::size_t max_frames)
    : max_bytes_(max_bytes), max_frames_(max_frames) {}

SendResult OutboundQueue::push(SharedFrame frame) {
    const std::size_t size = frame->size() + 1;  // the separator it may need
    if (queued_bytes_ + size > max_bytes_ || queued_frames() + 1 > max_frames_) {
        return SendResult::dropped;
    }
    queued_bytes_ += size;
    queue_.push_back(std::move(frame));
    if (queued_bytes_ * 2 > max_bytes_ || queued_frames() * 2 > max_frames_) {
        return SendResult::backpressure;
    }
    return SendResult::success;
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
    return released;
}

void OutboundQueue::release_memory() {
    if (empty()) {
        std::vector<SharedFrame>().swap(queue_);
        std::vector<SharedFrame>().swap(batch_);
        head_ = 0;
    }
}

}  // namespace ibasho
