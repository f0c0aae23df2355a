// The HTTP request path up to the WebSocket upgrade, as HttpSession runs it: Beast's parser with
// our header limit, our RFC 9112 framing judgement before any body is read, the body limit,
// then the upgrade checks (path, Origin, version and key) and the 101 response. Requests on one
// connection are read until one is refused, closes, or upgrades.
// Input: [flags byte][split count byte][2 bytes per split][the bytes a client sends].
#include <algorithm>
#include <boost/asio/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/head_framing.hpp"
#include "server/http/origin.hpp"
#include "server/ws/handshake.hpp"

namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;

// The server's limits (server/http/http_session.cpp).
constexpr std::uint32_t header_limit = 8 * 1024;
constexpr std::uint64_t body_limit = 64 * 1024;

void check(bool ok) {
    if (!ok) {
        std::abort();
    }
}

// A socket that hands out the client's bytes in the pieces the input chose, then EOF.
class PieceStream {
  public:
    PieceStream(std::string_view bytes, std::vector<std::size_t> cuts)
        : bytes_(bytes), cuts_(std::move(cuts)) {}

    template <class Buffers>
    std::size_t read_some(const Buffers& buffers, beast::error_code& ec) {
        ec = {};
        if (pos_ == bytes_.size()) {
            ec = boost::asio::error::eof;
            return 0;
        }
        std::size_t end = bytes_.size();
        for (std::size_t cut : cuts_) {
            if (cut > pos_) {
                end = std::min(end, cut);
                break;
            }
        }
        const std::size_t n = boost::asio::buffer_copy(
            buffers, boost::asio::const_buffer(bytes_.data() + pos_, end - pos_));
        pos_ += n;
        return n;
    }

    template <class Buffers>
    std::size_t read_some(const Buffers& buffers) {
        beast::error_code ec;
        const std::size_t n = read_some(buffers, ec);
        if (ec) {
            throw beast::system_error(ec);
        }
        return n;
    }

  private:
    std::string_view bytes_;
    std::vector<std::size_t> cuts_;  // sorted
    std::size_t pos_ = 0;
};

// The upgrade checks of HttpSession::upgrade; true when the 101 would be sent.
bool upgrade(const bhttp::request<bhttp::string_body>& req, bool tls) {
    const std::string_view path(req.target().data(), req.target().size());
    if (path.substr(0, path.find('?')) != "/ws") {
        return false;
    }
    const auto origin = req[bhttp::field::origin];
    const auto host = req[bhttp::field::host];
    static const std::vector<std::string> extra{"https://ibasho.example"};
    if (!ibasho::http::origin_allowed(std::string_view(origin.data(), origin.size()),
                                      std::string_view(host.data(), host.size()), tls, extra)) {
        return false;
    }
    const auto version = req[bhttp::field::sec_websocket_version];
    const auto key = req[bhttp::field::sec_websocket_key];
    const std::string_view key_view(key.data(), key.size());
    if (ibasho::ws::check_handshake(std::string_view(version.data(), version.size()), key_view)) {
        return false;
    }
    check(key_view.size() == 24);
    const std::string response = ibasho::ws::switching_protocols(key_view);
    const std::string_view accept = "Sec-WebSocket-Accept: ";
    const auto at = response.find(accept);
    check(at != std::string::npos && response.size() == at + accept.size() + 28 + 4);
    return true;
}

// One connection's requests, read as the session reads them.
void serve(PieceStream& stream, bool tls) {
    beast::flat_buffer buffer;
    for (int requests = 0; requests < 64; ++requests) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(header_limit);
        parser.body_limit(boost::none);
        beast::error_code ec;
        bhttp::read_header(stream, buffer, parser, ec);
        if (ec) {
            return;  // 400 and close, or an ordinary end
        }
        const auto& head = parser.get();
        std::size_t lengths = 0;
        std::size_t codings = 0;
        for (const auto& f : head) {
            lengths += f.name() == bhttp::field::content_length;
            codings += f.name() == bhttp::field::transfer_encoding;
        }
        const ibasho::http::Framing framing = ibasho::http::framing_of(head);
        if (framing != ibasho::http::Framing::ok) {
            return;  // refused, and nothing after the head is read as another request
        }
        // What we judged must be what Beast will do with the body, or the two would disagree
        // on where the next request starts.
        check(lengths <= 1 && codings <= 1 && lengths + codings <= 1);
        check(parser.chunked() == (codings == 1));
        check(parser.content_length().has_value() == (lengths == 1));
        parser.body_limit(body_limit);
        if (const auto length = parser.content_length(); length && *length > body_limit) {
            return;
        }
        bhttp::read(stream, buffer, parser, ec);
        if (ec) {
            return;
        }
        auto req = parser.release();
        if (lengths == 0 && codings == 0) {
            check(req.body().empty());
        }
        check(req.body().size() <= body_limit);
        if (beast::websocket::is_upgrade(req)) {
            upgrade(req, tls);
            return;  // upgraded, or refused and closed
        }
        if (!req.keep_alive()) {
            return;
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) {
        return 0;
    }
    const bool tls = (data[0] & 1) != 0;
    const std::size_t splits = data[1] % 6;
    data += 2;
    size -= 2;
    if (size < 2 * splits) {
        return 0;
    }
    std::vector<std::size_t> cuts;
    for (std::size_t i = 0; i < splits; ++i) {
        cuts.push_back((static_cast<std::size_t>(data[2 * i]) << 8) | data[2 * i + 1]);
    }
    data += 2 * splits;
    size -= 2 * splits;
    for (auto& cut : cuts) {
        cut = size == 0 ? 0 : cut % (size + 1);
    }
    std::sort(cuts.begin(), cuts.end());
    PieceStream stream(std::string_view(reinterpret_cast<const char*>(data), size), cuts);
    serve(stream, tls);
    return 0;
}
