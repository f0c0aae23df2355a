#include "server/staff/admin_command.hpp"

#include <chrono>
#include <future>
#include <thread>

#include "server/random_token.hpp"
#include "server/redis/redis_node.hpp"
#include "server/shards.hpp"
#include "server/staff/display_name.hpp"
#include "server/staff/password_hash.hpp"
#include "server/staff/staff_accounts.hpp"
#include "server/staff/staff_tokens.hpp"
#include "server/store/redis_store.hpp"

namespace ibasho::staff {
namespace {

constexpr auto redis_wait = std::chrono::seconds(10);

bool takes_no_value(const std::string& arg) {
    return arg.find('=') != std::string::npos || arg == "--help" || arg == "-h" ||
           arg == "--version" || arg == "--behind-tls-proxy";
}

const char* usage = "usage: ibasho-server --redis URL [flags] admin create-organiser NAME\n";

}  // namespace

AdminArgs split_admin_args(const std::vector<std::string>& args) {
    AdminArgs out;
    std::size_t i = 0;
    while (i < args.size()) {
        if (args[i] == "admin") {
            out.admin = true;
            out.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            break;
        }
        const bool flag_with_value = args[i].rfind("--", 0) == 0 && !takes_no_value(args[i]);
        out.config_args.push_back(args[i]);
        if (flag_with_value && i + 1 < args.size()) {
            out.config_args.push_back(args[i + 1]);
            i += 2;
        } else {
            i += 1;
        }
    }
    return out;
}

int run_admin_command(const Config& config, const std::vector<std::string>& command, std::FILE* out,
                      std::FILE* err) {
    if (command.size() != 2 || command[0] != "create-organiser") {
        std::fputs(usage, err);
        return 2;
    }
    if (config.store != StoreKind::redis || !config.redis) {
        std::fputs(
            "ibasho-server: admin: needs the Redis store (--redis redis://HOST:PORT): an account "
            "in a memory store would vanish with this command\n",
            err);
        return 2;
    }
    if (!normalize_display_name(command[1])) {
        std::fputs(
            "ibasho-server: admin: the name must be 1 to 32 characters, without control "
            "characters\n",
            err);
        return 2;
    }
    const std::string password = random_base64url(15);  // 120 bits, 20 characters
    const auto hash = hash_password(password);
    if (!hash) {
        std::fputs("ibasho-server: admin: could not hash the password (out of memory?)\n", err);
        return 1;
    }

    // The same construction as the App's: a Redis node on a shard's loop, and the Store on it.
    Shards shards(1);
    redis::Node node(shards.at(0).io(), *config.redis, config.redis_prefix);
    RedisStore store(node);
    SystemClock clock;
    StaffTokens tokens(store, clock);
    StaffAccounts accounts(store, clock, tokens, nullptr);
    node.start();
    shards.start();

    const auto deadline = std::chrono::steady_clock::now() + redis_wait;
    while (!node.up() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    int code = 1;
    // Outlives the links' teardown below, which may still complete a late answer.
    std::promise<std::pair<AccountResult, Account>> created;
    auto answer = created.get_future();
    if (!node.up()) {
        std::fputs("ibasho-server: admin: cannot reach Redis\n", err);
    } else {
        accounts.create(NewAccount{command[1], std::string(role_organiser), {}, *hash, true},
                        [&created](AccountResult r, Account a) {
                            created.set_value({r, std::move(a)});
                        });
        if (answer.wait_for(redis_wait) != std::future_status::ready) {
            std::fputs("ibasho-server: admin: Redis did not answer\n", err);
        } else {
            const auto [r, a] = answer.get();
            if (r == AccountResult::ok) {
                std::fprintf(out, "created organiser \"%s\" (%s)\none-time password: %s\n",
                             a.name.c_str(), a.id.c_str(), password.c_str());
                std::fflush(out);
                code = 0;
            } else if (r == AccountResult::name_taken) {
                std::fprintf(err, "ibasho-server: admin: the name \"%s\" is taken\n",
                             command[1].c_str());
            } else {
                std::fprintf(err, "ibasho-server: admin: could not create the account (%s)\n",
                             std::string(to_string(r)).c_str());
            }
        }
    }
    std::promise<void> stopped;
    shards.at(0).post([&] {
        node.commands().stop();
        node.subscriber().stop();
        stopped.set_value();
    });
    stopped.get_future().wait();
    shards.stop();
    shards.join();
    return code;
}

}  // namespace ibasho::staff
