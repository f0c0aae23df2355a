#include "server/staff/address_key.hpp"

#include <openssl/rand.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "server/log.hpp"
#include "server/staff/digest.hpp"

namespace ibasho::staff {
namespace {

constexpr std::string_view kind = "address_key";
constexpr std::string_view record_id = "current";

std::string random_key() {
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof raw) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return std::string(reinterpret_cast<const char*>(raw), sizeof raw);
}

// 64 hex characters back to 32 bytes; empty when malformed.
std::string from_hex(std::string_view hex) {
    if (hex.size() != 64) {
        return {};
    }
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int v = 0;
        for (std::size_t k = i; k < i + 2; ++k) {
            const char c = hex[k];
            v <<= 4;
            if (c >= '0' && c <= '9') {
                v |= c - '0';
            } else if (c >= 'a' && c <= 'f') {
                v |= c - 'a' + 10;
            } else {
                return {};
            }
        }
        out.push_back(static_cast<char>(v));
    }
    return out;
}

}  // namespace

struct AddressKeys::State : std::enable_shared_from_this<State> {
    State(Store& s, const Clock& c) : store(s), clock(c), key(random_key()) {}

    void use(std::string k, std::int64_t since) {
        std::lock_guard lock(mutex);
        if (k != key) {
            log::info("address_key_changed");
        }
        key = std::move(k);
        since_ms = since;
    }

    void refresh(int attempts_left) {
        store.get(std::string(kind), std::string(record_id),
                  [self = shared_from_this(), attempts_left](StoreResult r, StoreRecord rec) {
                      self->on_read(r, std::move(rec), attempts_left);
                  });
    }

    void on_read(StoreResult r, StoreRecord rec, int attempts_left) {
        if (r == StoreResult::unavailable || r == StoreResult::invalid) {
            return;  // keep the key we have; the next refresh tries again
        }
        std::uint64_t expected = 0;
        if (r == StoreResult::ok) {
            const auto j = nlohmann::json::parse(rec.body, nullptr, false);
            std::string k;
            std::int64_t since = 0;
            if (j.is_object() && j.contains("key") && j["key"].is_string() &&
                j.contains("since_ms") && j["since_ms"].is_number_integer()) {
                k = from_hex(j["key"].get<std::string>());
                since = j["since_ms"].get<std::int64_t>();
            }
            if (!k.empty() && clock.unix_ms() - since < address_key_ttl.count()) {
                use(std::move(k), since);
                return;
            }
            expected = rec.version;  // malformed or a day old: replace exactly this one
        }
        if (attempts_left <= 0) {
            return;
        }
        std::string fresh = random_key();
        const std::int64_t since = clock.unix_ms();
        StoreRecord put{std::string(kind),
                        std::string(record_id),
                        "",
                        0,
                        nlohmann::json{{"key", to_hex(fresh)}, {"since_ms", since}}.dump(),
                        address_key_ttl};
        store.put(std::move(put), expected,
                  [self = shared_from_this(), fresh = std::move(fresh), since, attempts_left](
                      StoreResult pr, std::uint64_t) mutable {
                      if (pr == StoreResult::ok) {
                          self->use(std::move(fresh), since);
                      } else if (pr == StoreResult::conflict || pr == StoreResult::not_found) {
                          self->refresh(attempts_left - 1);  // another node was first: read its
                      }
                  });
    }

    Store& store;
    const Clock& clock;
    mutable std::mutex mutex;
    std::string key;
    std::int64_t since_ms = 0;
};

AddressKeys::AddressKeys(Store& store, const Clock& clock)
    : state_(std::make_shared<State>(store, clock)) {}

AddressKeys::~AddressKeys() = default;

std::string AddressKeys::hash(std::string_view address) const {
    std::string key;
    {
        std::lock_guard lock(state_->mutex);
        key = state_->key;
    }
    return to_hex(hmac_sha256(key, address).substr(0, 16));
}

void AddressKeys::start() {
    std::weak_ptr<State> weak = state_;
    state_->store.watch([weak](const StoreChange& change) {
        if (change.resync || change.kind == kind) {
            if (auto s = weak.lock()) {
                s->refresh(2);
            }
        }
    });
    refresh();
}

void AddressKeys::refresh() {
    state_->refresh(2);
}

std::int64_t AddressKeys::since_ms() const {
    std::lock_guard lock(state_->mutex);
    return state_->since_ms;
}

std::int64_t AddressKeys::expires_ms() const {
    const std::int64_t since = since_ms();
    return since == 0 ? 0 : since + address_key_ttl.count();
}

}  // namespace ibasho::staff
