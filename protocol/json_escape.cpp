#include "protocol/json_escape.hpp"

#include <array>
#include <cstdint>

#include "protocol/utf8.hpp"

namespace ibasho::protocol {
namespace {

enum ByteClass : std::uint8_t { copy = 0, escape = 1, multibyte = 2 };

constexpr std::array<std::uint8_t, 256> make_classes() {
    std::array<std::uint8_t, 256> classes{};
    for (std::size_t byte = 0; byte < classes.size(); ++byte) {
        if (byte < 0x20 || byte == '"' || byte == '\\' || byte == 0x7F) {
            classes[byte] = escape;
        } else if (byte >= 0x80) {
            classes[byte] = multibyte;
        }
    }
    return classes;
}

constexpr auto classes = make_classes();

constexpr char hex_digits[] = "0123456789abcdef";

void append_u_escape(std::string& out, char32_t cp) {
    const char buffer[6] = {'\\',
                            'u',
                            hex_digits[(cp >> 12) & 0xF],
                            hex_digits[(cp >> 8) & 0xF],
                            hex_digits[(cp >> 4) & 0xF],
                            hex_digits[cp & 0xF]};
    out.append(buffer, sizeof buffer);
}

void append_ascii_escape(std::string& out, unsigned char byte) {
    switch (byte) {
        case '"':
            out.append("\\\"");
            return;
        case '\\':
            out.append("\\\\");
            return;
        case '\n':
            out.append("\\n");
            return;
        case '\r':
            out.append("\\r");
            return;
        case '\t':
            out.append("\\t");
            return;
        case '\b':
            out.append("\\b");
            return;
        case '\f':
            out.append("\\f");
            return;
        default:
            append_u_escape(out, byte);
    }
}

}  // namespace

void append_escaped(std::string& out, std::string_view s) {
    const auto* data = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t run_start = 0;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::uint8_t cls = classes[data[pos]];
        if (cls == copy) {
            ++pos;
            continue;
        }
        if (cls == escape) {
            out.append(s.data() + run_start, pos - run_start);
            append_ascii_escape(out, data[pos]);
            run_start = ++pos;
            continue;
        }
        const utf8::Step step = utf8::next(s, pos);
        // C1 controls and the JavaScript line terminators are escaped; JSON allows them raw,
        // but they break line-based readers and older JavaScript string literals.
        const bool needs_escape = step.code_point == utf8::invalid || step.code_point <= 0x9F ||
                                  step.code_point == 0x2028 || step.code_point == 0x2029;
        if (!needs_escape) {
            pos += step.length;
            continue;
        }
        out.append(s.data() + run_start, pos - run_start);
        if (step.code_point == utf8::invalid) {
            out.append("\xEF\xBF\xBD");
        } else {
            append_u_escape(out, step.code_point);
        }
        pos += step.length;
        run_start = pos;
    }
    out.append(s.data() + run_start, pos - run_start);
}

void append_quoted(std::string& out, std::string_view s) {
    out.push_back('"');
    append_escaped(out, s);
    out.push_back('"');
}

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    append_quoted(out, s);
    return out;
}

}  // namespace ibasho::protocol
