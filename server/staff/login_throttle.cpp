#include "server/staff/login_throttle.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

namespace ibasho::staff {
namespace {

constexpr std::string_view kind = "login_fail";

std::int64_t count_of(const StoreRecord& r) {
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_object() && j.contains("n") && j["n"].is_number_integer()) {
        return j["n"].get<std::int64_t>();
    }
    return 0;
}

std::chrono::seconds wait_for(const StoreRecord& r) {
    // Round up, so a client that waits exactly this long finds the count gone.
    const auto ms = r.ttl.count() > 0 ? r.ttl.count() : login_fail_window.count();
    return std::chrono::seconds((ms + 999) / 1000);
}

}  // namespace

void LoginThrottle::check(const std::string& name_hash, const std::string& address_hash,
                          CheckDone done) {
    struct Join {
        std::mutex mutex;
        int left = 0;
        bool failed = false;
        std::optional<std::chrono::seconds> wait;
        CheckDone done;
    };
    auto join = std::make_shared<Join>();
    join->done = std::move(done);
    std::vector<std::pair<std::string, std::int64_t>> ids{{"a_" + name_hash, max_account_failures}};
    if (!address_hash.empty()) {
        ids.emplace_back("h_" + address_hash, max_address_failures);
    }
    join->left = static_cast<int>(ids.size());
    for (auto& [id, limit] : ids) {
        store_.get(std::string(kind), id, [join, limit](StoreResult r, StoreRecord rec) {
            std::unique_lock lock(join->mutex);
            if (r == StoreResult::ok && count_of(rec) >= limit) {
                join->wait = std::max(join->wait.value_or(std::chrono::seconds(0)), wait_for(rec));
            } else if (r != StoreResult::ok && r != StoreResult::not_found) {
                join->failed = true;
            }
            if (--join->left == 0) {
                const auto result = join->failed ? StoreResult::unavailable : StoreResult::ok;
                const auto wait = join->wait;
                lock.unlock();
                join->done(result, wait);
            }
        });
    }
}

void LoginThrottle::failed(const std::string& name_hash, const std::string& address_hash,
                           Done done) {
    if (address_hash.empty()) {
        bump("a_" + name_hash, 4, std::move(done));
        return;
    }
    auto left = std::make_shared<std::atomic<int>>(2);
    auto shared = std::make_shared<Done>(std::move(done));
    auto one = [left, shared](StoreResult) {
        if (--*left == 0 && *shared) {
            (*shared)(StoreResult::ok);
        }
    };
    bump("a_" + name_hash, 4, one);
    bump("h_" + address_hash, 4, one);
}

void LoginThrottle::succeeded(const std::string& name_hash, Done done) {
    store_.remove(std::string(kind), "a_" + name_hash, Store::any_version,
                  [done = std::move(done)](StoreResult r) {
                      if (done)
                          done(r == StoreResult::not_found ? StoreResult::ok : r);
                  });
}

void LoginThrottle::bump(std::string id, int attempts_left, Done done) {
    store_.get(
        std::string(kind), id,
        [this, id, attempts_left, done = std::move(done)](StoreResult r, StoreRecord rec) mutable {
            if (r != StoreResult::ok && r != StoreResult::not_found) {
                if (done)
                    done(r);
                return;
            }
            std::uint64_t expected = 0;
            std::int64_t n = 1;
            if (r == StoreResult::ok) {
                // The record passed back keeps its expiry: the window runs from the
                // first failure.
                expected = rec.version;
                n = count_of(rec) + 1;
            } else {
                rec = StoreRecord{std::string(kind), id, "", 0, {}, login_fail_window};
            }
            rec.body = nlohmann::json{{"n", n}}.dump();
            store_.put(std::move(rec), expected,
                       [this, id = std::move(id), attempts_left, done = std::move(done)](
                           StoreResult pr, std::uint64_t) mutable {
                           if ((pr == StoreResult::conflict || pr == StoreResult::not_found) &&
                               attempts_left > 1) {
                               bump(std::move(id), attempts_left - 1, std::move(done));
                               return;
                           }
                           if (done)
                               done(pr);
                       });
        });
}

}  // namespace ibasho::staff
