// The WebSocket Origin check: a browser page may open /ws only from an origin on an exact
// allow-list — the server's own origin as the request reached it, plus configured ones.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ibasho::http {

// `host` is the request's Host header; `tls` tells which scheme the request arrived on.
bool origin_allowed(std::string_view origin, std::string_view host, bool tls,
                    const std::vector<std::string>& extra_allowed);

}  // namespace ibasho::http
