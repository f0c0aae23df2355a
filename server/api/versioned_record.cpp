#include "server/api/versioned_record.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "server/api/errors.hpp"

namespace ibasho::api {

std::string etag_of(std::uint64_t version) {
    return "\"v" + std::to_string(version) + "\"";
}

std::optional<std::uint64_t> if_match_version(const Request& request) {
    const std::string& m = request.if_match;
    if (m.empty()) {
        return Store::any_version;
    }
    if (m.size() < 4 || m.size() > 21 || m.rfind("\"v", 0) != 0 || m.back() != '"' ||
        !std::all_of(m.begin() + 2, m.end() - 1, ::isdigit)) {
        return std::nullopt;
    }
    return std::stoull(m.substr(2, m.size() - 3));
}

void respond_record(Store& store, const std::string& kind, const std::string& id,
                    std::string shipped, const Respond& respond) {
    store.get(kind, id, [respond, shipped = std::move(shipped)](StoreResult r, StoreRecord rec) {
        if (r == StoreResult::not_found) {
            Response out = Response::of(200, nlohmann::json::parse(shipped, nullptr, false));
            out.header("ETag", etag_of(0));
            respond(std::move(out));
            return;
        }
        if (r != StoreResult::ok) {
            respond(error(ErrorCode::service_degraded));
            return;
        }
        Response out = Response::json(200, rec.body);
        out.header("ETag", etag_of(rec.version));
        respond(std::move(out));
    });
}

void save_record(Store& store, StoreRecord record, std::uint64_t expected, const Respond& respond,
                 std::function<void(std::uint64_t)> saved) {
    std::string body = record.body;
    store.put(std::move(record), expected,
              [respond, body = std::move(body), saved = std::move(saved)](StoreResult r,
                                                                          std::uint64_t version) {
                  if (r == StoreResult::conflict || r == StoreResult::not_found) {
                      respond(error(ErrorCode::precondition_failed));
                      return;
                  }
                  if (r != StoreResult::ok) {
                      respond(error(ErrorCode::service_degraded));
                      return;
                  }
                  if (saved) {
                      saved(version);
                  }
                  Response out = Response::json(200, body);
                  out.header("ETag", etag_of(version));
                  respond(std::move(out));
              });
}

}  // namespace ibasho::api
