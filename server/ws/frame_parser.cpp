#include "server/ws/frame_parser.hpp"

#include <cstring>

#include "protocol/utf8.hpp"

namespace ibasho::ws {

namespace {

constexpr std::size_t max_control_payload = 125;

void unmask(char* p, std::size_t n, const unsigned char key[4]) {
    // Eight bytes at a time: messages are short, but history-sized pastes are not rare.
    std::uint64_t wide;
    unsigned char k8[8];
    for (int i = 0; i < 8; ++i) {
        k8[i] = key[i % 4];
    }
    std::memcpy(&wide, k8, 8);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t v;
        std::memcpy(&v, p + i, 8);
        v ^= wide;
        std::memcpy(p + i, &v, 8);
    }
    for (; i < n; ++i) {
        p[i] = static_cast<char>(static_cast<unsigned char>(p[i]) ^ key[i % 4]);
    }
}

}  // namespace

bool is_valid_close_code(std::uint16_t code) {
    if (code >= 3000 && code <= 4999) {
        return true;
    }
    switch (code) {
        case 1000:
        case 1001:
        case 1002:
        case 1003:
        case 1007:
        case 1008:
        case 1009:
        case 1010:
        case 1011:
            return true;
        default:
            return false;
    }
}

void FrameParser::feed(std::span<char> bytes) {
    if (failed_ || bytes.empty()) {
        return;
    }
    if (in_pending_) {
        pending_.erase(0, pos_);
        pending_.append(bytes.data(), bytes.size());
        data_ = pending_.data();
        size_ = pending_.size();
    } else {
        data_ = bytes.data();
        size_ = bytes.size();
    }
    pos_ = 0;
}

void FrameParser::keep_rest() {
    if (in_pending_) {
        if (pos_ == size_) {
            // Give the memory back: most connections sit idle between messages.
            std::string().swap(pending_);
            in_pending_ = false;
            data_ = nullptr;
            size_ = pos_ = 0;
        }
        return;
    }
    if (pos_ < size_) {
        pending_.assign(data_ + pos_, size_ - pos_);
        in_pending_ = true;
        data_ = pending_.data();
        size_ = pending_.size();
    } else {
        data_ = nullptr;
        size_ = 0;
    }
    pos_ = 0;
}

std::optional<FrameEvent> FrameParser::fail(std::uint16_t code) {
    failed_ = true;
    std::string().swap(pending_);
    std::string().swap(message_);
    return FrameEvent{FrameEvent::Kind::error, {}, code};
}

std::optional<FrameEvent> FrameParser::next() {
    if (failed_) {
        return std::nullopt;
    }
    if (release_message_) {
        release_message_ = false;
        std::string().swap(message_);
    }
    for (;;) {
        const auto* p = reinterpret_cast<const unsigned char*>(data_ + pos_);
        const std::size_t avail = size_ - pos_;
        if (avail < 2) {
            keep_rest();
            return std::nullopt;
        }
        const bool fin = (p[0] & 0x80) != 0;
        const unsigned rsv = p[0] & 0x70;
        const unsigned opcode = p[0] & 0x0F;
        const bool masked = (p[1] & 0x80) != 0;
        std::uint64_t length = p[1] & 0x7F;
        // No extension was negotiated, so reserved bits are errors; clients must mask.
        if (rsv != 0 || !masked) {
            return fail(close_protocol_error);
        }
        const bool control = (opcode & 0x8) != 0;
        if (control) {
            if (opcode != opcode_close && opcode != opcode_ping && opcode != opcode_pong) {
                return fail(close_protocol_error);
            }
            if (!fin || length > max_control_payload) {
                return fail(close_protocol_error);
            }
        } else if (opcode == 0) {
            if (!in_message_) {
                return fail(close_protocol_error);
            }
        } else if (opcode == opcode_text || opcode == opcode_binary) {
            if (in_message_) {
                return fail(close_protocol_error);
            }
        } else {
            return fail(close_protocol_error);
        }
        std::size_t header = 2;
        if (length == 126) {
            if (avail < 4) {
                keep_rest();
                return std::nullopt;
            }
            length = (std::uint64_t{p[2]} << 8) | p[3];
            header = 4;
            if (length < 126) {
                return fail(close_protocol_error);  // not the shortest encoding
            }
        } else if (length == 127) {
            if (avail < 10) {
                keep_rest();
                return std::nullopt;
            }
            length = 0;
            for (int i = 2; i < 10; ++i) {
                length = (length << 8) | p[i];
            }
            header = 10;
            if (length <= 0xFFFF || (length >> 63) != 0) {
                return fail(close_protocol_error);
            }
        }
        // Refuse an oversized message as soon as its length is known, before buffering any of it.
        if (!control) {
            const std::uint64_t so_far = in_message_ ? message_.size() : 0;
            if (length > max_message_ || so_far + length > max_message_) {
                return fail(close_too_big);
            }
        }
        header += 4;
        if (avail < header || avail - header < length) {
            keep_rest();
            return std::nullopt;
        }
        unsigned char key[4];
        std::memcpy(key, p + header - 4, 4);
        char* payload = data_ + pos_ + header;
        const auto n = static_cast<std::size_t>(length);
        unmask(payload, n, key);
        pos_ += header + n;
        const std::string_view body(payload, n);

        if (control) {
            if (opcode == opcode_ping) {
                return FrameEvent{FrameEvent::Kind::ping, body, 0};
            }
            if (opcode == opcode_pong) {
                return FrameEvent{FrameEvent::Kind::pong, body, 0};
            }
            if (n == 0) {
                return FrameEvent{FrameEvent::Kind::close, {}, 1005};
            }
            if (n == 1) {
                return fail(close_protocol_error);
            }
            const auto code = static_cast<std::uint16_t>(
                (static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1]));
            const std::string_view reason = body.substr(2);
            if (!is_valid_close_code(code)) {
                return fail(close_protocol_error);
            }
            if (!protocol::utf8::is_valid(reason)) {
                return fail(close_bad_payload);
            }
            return FrameEvent{FrameEvent::Kind::close, reason, code};
        }

        if (opcode != 0) {
            message_is_text_ = opcode == opcode_text;
        }
        const auto kind = message_is_text_ ? FrameEvent::Kind::text : FrameEvent::Kind::binary;
        if (fin && !in_message_) {
            // The common case: a whole message in one frame, handed out where it lies.
            if (message_is_text_ && !protocol::utf8::is_valid(body)) {
                return fail(close_bad_payload);
            }
            return FrameEvent{kind, body, 0};
        }
        message_.append(body);
        in_message_ = !fin;
        if (!fin) {
            continue;  // a loop, not recursion: fragments may be many and empty
        }
        if (message_is_text_ && !protocol::utf8::is_valid(message_)) {
            return fail(close_bad_payload);
        }
        release_message_ = true;
        return FrameEvent{kind, message_, 0};
    }
}

std::size_t write_frame_header(unsigned char* out, unsigned opcode, std::uint64_t payload_size) {
    out[0] = static_cast<unsigned char>(0x80 | (opcode & 0x0F));
    if (payload_size < 126) {
        out[1] = static_cast<unsigned char>(payload_size);
        return 2;
    }
    if (payload_size <= 0xFFFF) {
        out[1] = 126;
        out[2] = static_cast<unsigned char>(payload_size >> 8);
        out[3] = static_cast<unsigned char>(payload_size);
        return 4;
    }
    out[1] = 127;
    for (int i = 0; i < 8; ++i) {
        out[2 + i] = static_cast<unsigned char>(payload_size >> (56 - 8 * i));
    }
    return 10;
}

std::string make_control_frame(unsigned opcode, std::string_view payload) {
    payload = payload.substr(0, max_control_payload);
    unsigned char header[10];
    const std::size_t h = write_frame_header(header, opcode, payload.size());
    std::string frame(reinterpret_cast<const char*>(header), h);
    frame.append(payload);
    return frame;
}

std::string make_close_frame(std::uint16_t code, std::string_view reason) {
    std::size_t cut = std::min<std::size_t>(reason.size(), max_control_payload - 2);
    // Never end inside a UTF-8 sequence: back up over continuation bytes.
    while (cut > 0 && cut < reason.size() &&
           (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFF));
    payload.append(reason.substr(0, cut));
    return make_control_frame(opcode_close, payload);
}

}  // namespace ibasho::ws
