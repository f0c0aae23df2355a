#include "server/events/ical_text.hpp"

namespace ibasho::events {

std::string escape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case ';':
                out += "\\;";
                break;
            case ',':
                out += "\\,";
                break;
            case '\r':
                out += "\\n";
                if (i + 1 < text.size() && text[i + 1] == '\n') {
                    ++i;  // CRLF is one break
                }
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                // TEXT allows HTAB but no other control character (RFC 5545 §3.1 CONTROL).
                if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
                    break;
                }
                out.push_back(c);
        }
    }
    return out;
}

void append_folded(std::string& out, std::string_view line) {
    bool first = true;
    while (true) {
        // A continuation line's leading space counts towards its 75 octets.
        const std::size_t room = first ? ical_line_octets : ical_line_octets - 1;
        if (!first) {
            out.push_back(' ');
        }
        if (line.size() <= room) {
            out.append(line);
            out += "\r\n";
            return;
        }
        std::size_t cut = room;
        // Never between a lead byte and its continuation bytes (10xxxxxx).
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        if (cut == 0) {
            cut = room;  // not UTF-8 at all: fold anyway rather than loop
        }
        out.append(line.substr(0, cut));
        out += "\r\n";
        line.remove_prefix(cut);
        first = false;
    }
}

}  // namespace ibasho::events
