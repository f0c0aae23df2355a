#include "server/api/page.hpp"

#include <algorithm>
#include <cctype>

#include "server/api/errors.hpp"
#include "server/api/staff_guard.hpp"

namespace ibasho::api {

std::optional<PageQuery> page_query(const Request& req, Response& refusal) {
    PageQuery q;
    if (const auto l = query_value(req.query, "limit")) {
        if (l->empty() || l->size() > 3 || !std::all_of(l->begin(), l->end(), ::isdigit) ||
            std::stoul(*l) < 1 || std::stoul(*l) > page_max) {
            refusal = bad_field("limit", "limit must be a number from 1 to 100.");
            return std::nullopt;
        }
        q.limit = std::stoul(*l);
    }
    if (const auto a = query_value(req.query, "after")) {
        if (a->size() > 128) {
            refusal = bad_field("after", "after must be an id from a previous page.");
            return std::nullopt;
        }
        q.after = *a;
    }
    return q;
}

nlohmann::json page_of(std::vector<nlohmann::json> items, const PageQuery& q) {
    nlohmann::json out{{"items", nlohmann::json::array()}, {"next", nullptr}};
    for (auto& item : items) {
        const std::string id = item.value("id", "");
        if (!q.after.empty() && id <= q.after) {
            continue;
        }
        if (out["items"].size() == q.limit) {
            out["next"] = out["items"].back()["id"];
            break;
        }
        out["items"].push_back(std::move(item));
    }
    return out;
}

}  // namespace ibasho::api
