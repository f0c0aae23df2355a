#include "server/redis/script.hpp"

#include <openssl/sha.h>

#include <cstdio>
#include <memory>

namespace ibasho::redis {

Script::Script(std::string source) : source_(std::move(source)) {
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(source_.data()), source_.size(), digest);
    char hex[SHA_DIGEST_LENGTH * 2 + 1];
    for (int i = 0; i < SHA_DIGEST_LENGTH; ++i) {
        std::snprintf(hex + i * 2, 3, "%02x", digest[i]);
    }
    sha1_.assign(hex, SHA_DIGEST_LENGTH * 2);
}

void Script::run(Link& conn, const std::vector<std::string_view>& keys,
                 const std::vector<std::string_view>& args, Link::ReplyFn fn) const {
    const std::string nkeys = std::to_string(keys.size());
    std::vector<std::string_view> argv;
    argv.reserve(3 + keys.size() + args.size());
    argv.push_back("EVALSHA");
    argv.push_back(sha1_);
    argv.push_back(nkeys);
    argv.insert(argv.end(), keys.begin(), keys.end());
    argv.insert(argv.end(), args.begin(), args.end());
    // The fallback needs the arguments again after the caller's views are gone: keep copies.
    auto saved = std::make_shared<std::vector<std::string>>(argv.begin(), argv.end());
    auto weak = conn.weak_from_this();
    conn.command(argv, [this, weak, saved, fn = std::move(fn)](const redisReply* r) {
        if (is_error(r) && r != nullptr && as_string(r).rfind("NOSCRIPT", 0) == 0) {
            auto c = weak.lock();
            if (!c) {
                if (fn)
                    fn(nullptr);
                return;
            }
            (*saved)[0] = "EVAL";
            (*saved)[1] = source_;
            std::vector<std::string_view> again(saved->begin(), saved->end());
            c->command(again, fn);
            return;
        }
        if (fn)
            fn(r);
    });
}

}  // namespace ibasho::redis
