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

bool OutboundQueue::start_batch() {
    if (!batch_.empty() || queue_.empty()) {
        return false;
    }
    batch_bytes_ = 0;
    // Always take at least one frame, however large, so progress never stalls.
    while (!queue_.empty()) {
        const std::size_t next = queue_.front()->size() + (batch_.empty() ? 0 : 1);
        if (!batch_.empty() && batch_bytes_ + next > max_batch_bytes) {
            break;
        }
        batch_bytes_ += next;
        batch_.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    return true;
}

void OutboundQueue::finish_batch() {
    for (const auto& f : batch_) {
        queued_bytes_ -= f->size() + 1;
    }
    batch_.clear();
    batch_bytes_ = 0;
}

std::size_t OutboundQueue::discard_pending() {
    std::size_t released = 0;
    for (const auto& f : queue_) {
        released += f->size() + 1;
    }
    queue_.clear();
    queued_bytes_ -= released;
    return released;
}

}  // namespace ibasho
