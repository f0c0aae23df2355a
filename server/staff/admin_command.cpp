#include "server/staff/admin_command.hpp"

#include <chrono>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "server/random_token.hpp"
#include "server/redis/redis_node.hpp"
#include "server/shards.hpp"
#include "server/staff/display_name.hpp"
#include "server/staff/password_hash.hpp"
#include "server/staff/staff_accounts.hpp"
#include "server/staff/staff_tokens.hpp"
#include "server/store/org_records.hpp"
#include "server/store/redis_store.hpp"

namespace ibasho::staff {
namespace {

constexpr auto redis_wait = std::chrono::seconds(10);

bool takes_no_value(const std::string& arg) {
    return arg.find('=') != std::string::npos || arg == "--help" || arg == "-h" ||
           arg == "--version" || arg == "--behind-tls-proxy";
}

const char* usage =
    "usage: ibasho-server --redis URL [flags] admin COMMAND\n"
    "  create-organiser NAME [--org ID]        an organiser (of \"main\" unless --org)\n"
    "  create-operator NAME                    a deployment operator (organisations only)\n"
    "  create-org ID NAME_JA NAME_EN [ZONE]    an organisation (zone: Asia/Tokyo)\n";

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

namespace {

struct Parsed {
    enum class What { organiser, operator_, org } what = What::organiser;
    std::string name;  // the account's name (organiser, operator)
    std::string org = "main";
    Org new_org;  // create-org
};

// nullopt (with the line on `err`) for a command that is not one of ours.
std::optional<Parsed> parse_command(const std::vector<std::string>& c, std::FILE* err) {
    Parsed p;
    if (c.empty()) {
        std::fputs(usage, err);
        return std::nullopt;
    }
    if (c[0] == "create-organiser" && (c.size() == 2 || (c.size() == 4 && c[2] == "--org"))) {
        p.what = Parsed::What::organiser;
        p.name = c[1];
        if (c.size() == 4) {
            p.org = c[3];
            if (!valid_org_id(p.org)) {
                std::fputs("ibasho-server: admin: --org must match ^[a-z0-9][a-z0-9-]{1,31}$\n",
                           err);
                return std::nullopt;
            }
        }
    } else if (c[0] == "create-operator" && c.size() == 2) {
        p.what = Parsed::What::operator_;
        p.name = c[1];
    } else if (c[0] == "create-org" && (c.size() == 4 || c.size() == 5)) {
        p.what = Parsed::What::org;
        nlohmann::json body{{"name", {{"ja", c[2]}, {"en", c[3]}}}};
        if (c.size() == 5) {
            body["zone"] = c[4];
        }
        p.new_org.id = c[1];
        if (!valid_org_id(c[1])) {
            std::fputs("ibasho-server: admin: the id must match ^[a-z0-9][a-z0-9-]{1,31}$\n", err);
            return std::nullopt;
        }
        if (auto problem = apply_org_fields(body, p.new_org, true)) {
            std::fprintf(err, "ibasho-server: admin: %s: %s\n", problem->field.c_str(),
                         problem->message.c_str());
            return std::nullopt;
        }
        return p;
    } else {
        std::fputs(usage, err);
        return std::nullopt;
    }
    if (!normalize_display_name(p.name)) {
        std::fputs(
            "ibasho-server: admin: the name must be 1 to 32 characters, without control "
            "characters\n",
            err);
        return std::nullopt;
    }
    return p;
}

// Waits for one Store answer; false when Redis did not answer in time.
template <typename T>
bool wait_for(std::future<T>& f) {
    return f.wait_for(redis_wait) == std::future_status::ready;
}

int create_org(Store& store, const Clock& clock, Org org, std::FILE* out, std::FILE* err) {
    org.created_ms = clock.unix_ms();
    auto answered = std::make_shared<std::promise<StoreResult>>();
    auto result = answered->get_future();
    store.put(StoreRecord{org_kind, org.id, "", 0, org_body(org), {}}, 0,
              [answered](StoreResult r, std::uint64_t) { answered->set_value(r); });
    if (!wait_for(result)) {
        std::fputs("ibasho-server: admin: Redis did not answer\n", err);
        return 1;
    }
    const StoreResult r = result.get();
    if (r == StoreResult::conflict) {
        std::fprintf(err, "ibasho-server: admin: the organisation \"%s\" exists\n", org.id.c_str());
        return 1;
    }
    if (r != StoreResult::ok) {
        std::fprintf(err, "ibasho-server: admin: could not create the organisation (%s)\n",
                     std::string(to_string(r)).c_str());
        return 1;
    }
    std::fprintf(out, "created organisation \"%s\" (%s / %s, %s)\n", org.id.c_str(),
                 org.name_ja.c_str(), org.name_en.c_str(), org.zone.c_str());
    std::fflush(out);
    return 0;
}

int create_account(Store& store, StaffAccounts& accounts, const Parsed& p, std::FILE* out,
                   std::FILE* err) {
    const bool op = p.what == Parsed::What::operator_;
    if (!op) {
        // The organisation must be there ("main" always is: made here on a fresh Store).
        auto found = std::make_shared<std::promise<StoreResult>>();
        auto result = found->get_future();
        auto check = [&store, &p, found] {
            store.get(org_kind, p.org,
                      [found](StoreResult r, StoreRecord) { found->set_value(r); });
        };
        if (p.org == main_org_id) {
            ensure_main_org(store, SystemClock().unix_ms(), [check](bool) { check(); });
        } else {
            check();
        }
        if (!wait_for(result)) {
            std::fputs("ibasho-server: admin: Redis did not answer\n", err);
            return 1;
        }
        if (result.get() != StoreResult::ok) {
            std::fprintf(err, "ibasho-server: admin: there is no organisation \"%s\"\n",
                         p.org.c_str());
            return 1;
        }
    }
    const std::string password = random_base64url(15);  // 120 bits, 20 characters
    const auto hash = hash_password(password);
    if (!hash) {
        std::fputs("ibasho-server: admin: could not hash the password (out of memory?)\n", err);
        return 1;
    }
    auto created = std::make_shared<std::promise<std::pair<AccountResult, Account>>>();
    auto answer = created->get_future();
    const std::string role(op ? role_operator : role_organiser);
    accounts.create(NewAccount{p.name, role, {}, *hash, true, p.org},
                    [created](AccountResult r, Account a) {
                        created->set_value({r, std::move(a)});
                    });
    if (!wait_for(answer)) {
        std::fputs("ibasho-server: admin: Redis did not answer\n", err);
        return 1;
    }
    const auto [r, a] = answer.get();
    if (r == AccountResult::ok) {
        if (op) {
            std::fprintf(out, "created operator \"%s\" (%s)\none-time password: %s\n",
                         a.name.c_str(), a.id.c_str(), password.c_str());
        } else {
            std::fprintf(out, "created organiser \"%s\" (%s)\none-time password: %s\n",
                         a.name.c_str(), a.id.c_str(), password.c_str());
        }
        std::fflush(out);
        return 0;
    }
    if (r == AccountResult::name_taken) {
        std::fprintf(err, "ibasho-server: admin: the name \"%s\" is taken\n", p.name.c_str());
    } else {
        std::fprintf(err, "ibasho-server: admin: could not create the account (%s)\n",
                     std::string(to_string(r)).c_str());
    }
    return 1;
}

}  // namespace

int run_admin_command(const Config& config, const std::vector<std::string>& command, std::FILE* out,
                      std::FILE* err) {
    const auto parsed = parse_command(command, err);
    if (!parsed) {
        return 2;
    }
    if (config.store != StoreKind::redis || !config.redis) {
        std::fputs(
            "ibasho-server: admin: needs the Redis store (--redis redis://HOST:PORT): an account "
            "in a memory store would vanish with this command\n",
            err);
        return 2;
    }

    // The same construction as the App's: a Redis node on a shard's loop, and the Store on it.
    // Organisations and staff accounts are durable kinds (store_roles): the Store's own Redis.
    Shards shards(1);
    redis::Node node(shards.at(0).io(), config.store_redis.value_or(*config.redis),
                     config.redis_prefix);
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
    if (!node.up()) {
        std::fputs("ibasho-server: admin: cannot reach Redis\n", err);
    } else if (parsed->what == Parsed::What::org) {
        code = create_org(store, clock, parsed->new_org, out, err);
    } else {
        code = create_account(store, accounts, *parsed, out, err);
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
