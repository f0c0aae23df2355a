#include "server/api/public_routes.hpp"

#include <openssl/evp.h>

#include <boost/algorithm/string/trim.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "protocol/encode.hpp"
#include "server/api/errors.hpp"
#include "server/api/staff_guard.hpp"
#include "server/chat/room_catalog.hpp"
#include "server/chat/room_list.hpp"
#include "server/presence/presence.hpp"
#include "server/store/help_entries.hpp"
#include "server/store/org_records.hpp"

namespace ibasho::api {
namespace {

// {"id","name":{"ja","en"}} for each organisation with a room in the list, in the order their
// first rooms appear (the client groups by it). Names from the Store; an organisation the
// Store cannot name (or a Store that does not answer) is named by its id.
std::string orgs_json(const std::vector<protocol::RoomInfo>& rooms,
                      const std::vector<StoreRecord>& records) {
    nlohmann::json out = nlohmann::json::array();
    std::set<std::string> seen;
    for (const auto& room : rooms) {
        if (!seen.insert(room.org).second) {
            continue;
        }
        nlohmann::json name{{"ja", room.org}, {"en", room.org}};
        for (const auto& rec : records) {
            if (rec.id == room.org) {
                if (auto org = parse_org(rec)) {
                    name = {{"ja", org->name_ja}, {"en", org->name_en}};
                }
            }
        }
        out.push_back({{"id", room.org}, {"name", std::move(name)}});
    }
    return dump_json(out);
}

void list_rooms(PublicDeps deps, Respond respond) {
    auto rooms = deps.catalog.snapshot();
    deps.presence.counts(
        chat::room_ids(*rooms), [deps, rooms, respond](Fault f, std::vector<RoomCounts> counts) {
            if (f != Fault::none) {
                respond(error(ErrorCode::service_degraded));
                return;
            }
            auto list = std::make_shared<protocol::RoomList>(chat::build_room_list(*rooms, counts));
            auto send = [list, respond](const std::vector<StoreRecord>& orgs) {
                respond(Response::json(200, "{\"rooms\":" + protocol::encode_rooms(list->rooms) +
                                                ",\"orgs\":" + orgs_json(list->rooms, orgs) + "}"));
            };
            if (deps.store == nullptr) {
                send({});
                return;
            }
            deps.store->list(org_kind, std::nullopt,
                             [send](StoreResult, std::vector<StoreRecord> orgs) { send(orgs); });
        });
}

void help_directory(PublicDeps deps, const Request& req, Respond respond) {
    if (!deps.help) {
        respond(error(ErrorCode::service_degraded, "The help directory is not available."));
        return;
    }
    // ?region= puts that region's entries first; the client keeps the choice on the device.
    const std::string region = query_value(req.query, "region").value_or("");
    if (!is_region(region)) {
        respond(
            bad_field("region", "region must be a prefecture code from \"JP-01\" to \"JP-47\"."));
        return;
    }
    deps.help([inm = req.if_none_match, region, respond](bool ok, std::string json) {
        if (!ok) {
            respond(error(ErrorCode::service_degraded, "The help directory is not available."));
            return;
        }
        if (!region.empty()) {
            json = help_directory_for_region(json, region);
        }
        std::string tag = etag_for(json);
        if (etag_listed(inm, tag)) {
            Response r;
            r.status = 304;
            r.header("ETag", std::move(tag));
            respond(std::move(r));
            return;
        }
        Response r = Response::json(200, std::move(json));
        r.header("ETag", std::move(tag));
        respond(std::move(r));
    });
}

}  // namespace

void add_public_routes(Router& router, PublicDeps deps) {
    router.add(Method::get, "/api/rooms", "rooms.list",
               [deps](const Request&, const Params&, Respond respond) {
                   list_rooms(deps, std::move(respond));
               });
    router.add(Method::get, "/api/client-config", "client.config",
               [body = nlohmann::json{{"exit_url", deps.exit_url}}.dump()](
                   const Request&, const Params&, Respond respond) {
                   respond(Response::json(200, body));
               });
    router.add(Method::get, "/api/help", "help.directory",
               [deps](const Request& req, const Params&, Respond respond) {
                   help_directory(deps, req, std::move(respond));
               });
}

std::string etag_for(std::string_view body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(body.data(), body.size(), digest, &length, EVP_sha256(), nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    std::string tag = "\"";
    for (unsigned i = 0; i < 16 && i < length; ++i) {
        tag.push_back(hex[digest[i] >> 4]);
        tag.push_back(hex[digest[i] & 0xf]);
    }
    tag.push_back('"');
    return tag;
}

bool etag_listed(std::string_view if_none_match, std::string_view etag) {
    std::size_t start = 0;
    while (start <= if_none_match.size()) {
        const std::size_t comma = if_none_match.find(',', start);
        const std::size_t end = comma == std::string_view::npos ? if_none_match.size() : comma;
        std::string item =
            boost::algorithm::trim_copy(std::string(if_none_match.substr(start, end - start)));
        if (item.rfind("W/", 0) == 0) {
            item.erase(0, 2);
        }
        if (item == "*" || item == etag) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return false;
}

}  // namespace ibasho::api
