// Pagination of list endpoints: `?limit=` (1..100, default 50) and `?after=<id>`, answered as
// {"items":[...],"next":"<id>"|null} over items sorted by id.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/api/message.hpp"
#include "server/store/store.hpp"

namespace ibasho::api {

inline constexpr std::size_t page_default = 50;
inline constexpr std::size_t page_max = 100;

struct PageQuery {
    std::size_t limit = page_default;
    std::string after;  // empty: from the first
};

// The query's limit and after; nullopt with `refusal` set (400 naming the field) when bad.
std::optional<PageQuery> page_query(const Request& request, Response& refusal);

// One page of Store records (listed sorted by id): those after `q.after`, at most `q.limit`,
// each shown by `view` (asked only for the records the page needs; nullopt skips a record),
// and "next" = the last one's id when more follow.
using RecordView = std::function<std::optional<nlohmann::json>(const StoreRecord&)>;
nlohmann::json page_of_records(const std::vector<StoreRecord>& records, const PageQuery& q,
                               const RecordView& view);

}  // namespace ibasho::api
