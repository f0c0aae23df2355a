#include "tests/bench/loadgen/raw_frames.hpp"

namespace ibasho::bench {

void ServerFrameReader::feed(std::string_view bytes) {
    if (in_pending_) {
        pending_.erase(0, pending_.size() - view_.size());  // what was handed out already
        pending_.append(bytes);
        view_ = pending_;
    } else {
        view_ = bytes;
    }
}

ServerFrameReader::Result ServerFrameReader::next(Frame& out) {
    if (release_message_) {
        release_message_ = false;
        message_.clear();
    }
    for (;;) {
        const auto* p = reinterpret_cast<const unsigned char*>(view_.data());
        const std::size_t avail = view_.size();
        std::uint64_t length = avail >= 2 ? (p[1] & 0x7F) : 0;
        std::size_t header = 2;
        if (avail >= 2 && length == 126) {
            header = 4;
        } else if (avail >= 2 && length == 127) {
            header = 10;
        }
        if (avail < header) {
            // Keep the unfinished frame for the next read.
            if (!in_pending_) {
                pending_.assign(view_);
                in_pending_ = !pending_.empty();
            } else {
                pending_.erase(0, pending_.size() - avail);
                in_pending_ = !pending_.empty();
            }
            view_ = pending_;
            return Result::need_more;
        }
        if ((p[1] & 0x80) != 0) {
            return Result::broken;  // servers never mask
        }
        if (header == 4) {
            length = (std::uint64_t{p[2]} << 8) | p[3];
        } else if (header == 10) {
            length = 0;
            for (int i = 2; i < 10; ++i) {
                length = (length << 8) | p[i];
            }
            if (length > (std::uint64_t{1} << 40)) {
                return Result::broken;
            }
        }
        if (avail - header < length) {
            if (!in_pending_) {
                pending_.assign(view_);
                in_pending_ = true;
            } else {
                pending_.erase(0, pending_.size() - avail);
            }
            view_ = pending_;
            return Result::need_more;
        }
        const bool fin = (p[0] & 0x80) != 0;
        const unsigned opcode = p[0] & 0x0F;
        const std::string_view payload = view_.substr(header, static_cast<std::size_t>(length));
        view_.remove_prefix(header + static_cast<std::size_t>(length));
        if (view_.empty() && in_pending_) {
            // Everything kept has been handed out; the views stay valid until the next call.
            in_pending_ = false;
        }
        if (opcode >= 8 || (fin && opcode != 0 && message_.empty())) {
            out = Frame{opcode, payload};
            return Result::frame;
        }
        if (opcode != 0) {
            message_opcode_ = opcode;
        }
        message_.append(payload);
        if (!fin) {
            continue;
        }
        release_message_ = true;
        out = Frame{message_opcode_, message_};
        return Result::frame;
    }
}

std::string masked_client_frame(unsigned opcode, std::string_view payload, std::uint32_t mask) {
    std::string f;
    f.reserve(payload.size() + 14);
    f.push_back(static_cast<char>(0x80 | opcode));
    const std::size_t n = payload.size();
    if (n < 126) {
        f.push_back(static_cast<char>(0x80 | n));
    } else if (n <= 0xFFFF) {
        f.push_back(static_cast<char>(0x80 | 126));
        f.push_back(static_cast<char>(n >> 8));
        f.push_back(static_cast<char>(n & 0xFF));
    } else {
        f.push_back(static_cast<char>(0x80 | 127));
        for (int i = 7; i >= 0; --i) {
            f.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xFF));
        }
    }
    const unsigned char key[4] = {
        static_cast<unsigned char>(mask >> 24), static_cast<unsigned char>(mask >> 16),
        static_cast<unsigned char>(mask >> 8), static_cast<unsigned char>(mask)};
    f.append(reinterpret_cast<const char*>(key), 4);
    for (std::size_t i = 0; i < n; ++i) {
        f.push_back(static_cast<char>(static_cast<unsigned char>(payload[i]) ^ key[i % 4]));
    }
    return f;
}

}  // namespace ibasho::bench
