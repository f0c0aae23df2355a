// A WebSocket frame as a client sends it, for tests that speak the wire byte by byte: masked
// unless told otherwise, with the shortest length encoding unless a longer one is forced.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ibasho::test {

struct ClientFrameOptions {
    bool fin = true;
    bool masked = true;
    int length_bytes = 0;  // 0: shortest; 2 or 8: force that extended length
};

inline std::string client_frame(unsigned opcode, std::string_view payload,
                                ClientFrameOptions o = {}) {
    std::string f;
    f.push_back(static_cast<char>((o.fin ? 0x80 : 0) | opcode));
    const std::size_t n = payload.size();
    const int mask_bit = o.masked ? 0x80 : 0;
    if (o.length_bytes == 8 || (o.length_bytes == 0 && n > 0xFFFF)) {
        f.push_back(static_cast<char>(mask_bit | 127));
        for (int i = 7; i >= 0; --i) {
            f.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xFF));
        }
    } else if (o.length_bytes == 2 || (o.length_bytes == 0 && n >= 126)) {
        f.push_back(static_cast<char>(mask_bit | 126));
        f.push_back(static_cast<char>(n >> 8));
        f.push_back(static_cast<char>(n & 0xFF));
    } else {
        f.push_back(static_cast<char>(mask_bit | static_cast<int>(n)));
    }
    const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
    if (o.masked) {
        f.append(reinterpret_cast<const char*>(key), 4);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const auto b = static_cast<unsigned char>(payload[i]);
        f.push_back(static_cast<char>(o.masked ? b ^ key[i % 4] : b));
    }
    return f;
}

}  // namespace ibasho::test
