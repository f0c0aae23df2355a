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
        if (!a->empty() && !valid_id(*a)) {
            refusal = bad_field("after", "after must be an id from a previous page.");
            return std::nullopt;
        }
        q.after = *a;
    }
    return q;
}

nlohmann::json page_of_records(const std::vector<StoreRecord>& records, const PageQuery& q,
                               const RecordView& view) {
    nlohmann::json out{{"items", nlohmann::json::array()}, {"next", nullptr}};
    const std::string* last = nullptr;  // the id of the last record on the page
    for (const StoreRecord& rec : records) {
        if (!q.after.empty() && rec.id <= q.after) {
            continue;
        }
        std::optional<nlohmann::json> item = view(rec);
        if (!item) {
            continue;
        }
        if (out["items"].size() == q.limit) {
            out["next"] = *last;
            break;
        }
        out["items"].push_back(std::move(*item));
        last = &rec.id;
    }
    return out;
}

}  // namespace ibasho::api
