#include "server/abuse/redis_address_counter.hpp"

#include "server/redis/redis_node.hpp"

namespace ibasho::abuse {

void RedisAddressCounter::add(std::vector<CountAdd> adds, Done done) {
    if (adds.empty()) {
        if (done)
            done({});
        return;
    }
    node_.post([this, adds = std::move(adds), done = std::move(done)]() mutable {
        struct Batch {
            std::vector<std::int64_t> totals;
            std::size_t left = 0;
            bool failed = false;
            Done done;
        };
        auto batch = std::make_shared<Batch>();
        batch->totals.resize(adds.size());
        batch->left = adds.size();
        batch->done = std::move(done);
        auto& link = node_.commands();
        for (std::size_t i = 0; i < adds.size(); ++i) {
            const std::string key = node_.prefix() + "rl:" + adds[i].key;
            const std::string delta = std::to_string(adds[i].delta);
            const std::string ttl = std::to_string(adds[i].ttl.count());
            link.command({"INCRBY", key, delta}, [batch, i](const redisReply* r) {
                if (!r || redis::is_error(r)) {
                    batch->failed = true;
                } else {
                    batch->totals[i] = redis::as_integer(r);
                }
                if (--batch->left == 0 && batch->done) {
                    batch->done(batch->failed ? std::vector<std::int64_t>{}
                                              : std::move(batch->totals));
                }
            });
            link.command({"PEXPIRE", key, ttl}, nullptr);
        }
    });
}

}  // namespace ibasho::abuse
