#include "server/http/origin.hpp"

#include <boost/algorithm/string/case_conv.hpp>

namespace ibasho::http {
namespace {

// Drops a default port so that "https://a:443" and "https://a" compare equal.
std::string normalise(std::string_view origin) {
    std::string o = boost::algorithm::to_lower_copy(std::string(origin));
    if (o.size() > 4 && o.compare(o.size() - 4, 4, ":443") == 0 && o.rfind("https://", 0) == 0) {
        o.resize(o.size() - 4);
    } else if (o.size() > 3 && o.compare(o.size() - 3, 3, ":80") == 0 &&
               o.rfind("http://", 0) == 0) {
        o.resize(o.size() - 3);
    }
    return o;
}

}  // namespace

bool origin_allowed(std::string_view origin, std::string_view host, bool tls,
                    const std::vector<std::string>& extra_allowed) {
    if (origin.empty() || origin == "null") {
        return false;
    }
    const std::string want = normalise(origin);
    if (!host.empty()) {
        const std::string own =
            normalise(std::string(tls ? "https://" : "http://") + std::string(host));
        if (want == own) {
            return true;
        }
    }
    return std::any_of(extra_allowed.begin(), extra_allowed.end(),
                       [&](const std::string& a) { return normalise(a) == want; });
}

}  // namespace ibasho::http
