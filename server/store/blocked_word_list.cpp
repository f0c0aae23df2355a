#include "server/store/blocked_word_list.hpp"

#include <stdexcept>
#include <vector>

#include "server/log.hpp"
#include "server/store/store.hpp"

namespace ibasho {

namespace {

std::shared_ptr<const moderation::BlockedWords> shipped_list() {
    static const auto shipped = std::make_shared<const moderation::BlockedWords>(
        moderation::BlockedWords::from_json(shipped_blocked_words_json));
    return shipped;
}

}  // namespace

BlockedWordList::BlockedWordList()
    : current_(shipped_list()), others_(std::make_shared<const OrgLists>()) {}

std::shared_ptr<const moderation::BlockedWords> BlockedWordList::current(
    std::string_view org) const {
    if (org == blocked_words_id) {
        return current();
    }
    const auto others = others_.load();
    const auto it = others->find(org);
    return it != others->end() ? it->second : shipped_list();
}

void BlockedWordList::follow(Store& store) {
    store_ = &store;
    store.watch([this](const StoreChange& change) {
        if (change.resync) {
            refresh();
        } else if (change.kind == blocked_words_kind) {
            if (change.id == blocked_words_id) {
                refresh();
            } else {
                refresh_others();
            }
        }
    });
    refresh();
}

void BlockedWordList::refresh_others() {
    if (store_ == nullptr) {
        return;
    }
    std::uint64_t ticket = 0;
    {
        std::lock_guard lock(mutex_);
        ticket = ++others_asked_;
    }
    store_->list(blocked_words_kind, std::nullopt,
                 [this, ticket](StoreResult r, std::vector<StoreRecord> records) {
                     if (r != StoreResult::ok) {
                         return;  // keep what we have; the next change or refresh reloads
                     }
                     const auto before = others_.load();
                     auto next = std::make_shared<OrgLists>();
                     for (const auto& rec : records) {
                         if (rec.id == blocked_words_id) {
                             continue;
                         }
                         try {
                             (*next)[rec.id] = std::make_shared<const moderation::BlockedWords>(
                                 moderation::BlockedWords::from_json(rec.body));
                         } catch (const std::invalid_argument&) {
                             log::warn("blocked_words_record_invalid", {});
                             if (const auto it = before->find(rec.id); it != before->end()) {
                                 (*next)[rec.id] = it->second;  // the last good list
                             }
                         }
                     }
                     std::lock_guard lock(mutex_);
                     if (ticket < others_applied_) {
                         return;
                     }
                     others_applied_ = ticket;
                     others_.store(std::move(next));
                 });
}

void BlockedWordList::refresh() {
    if (store_ == nullptr) {
        return;
    }
    refresh_others();
    std::uint64_t ticket = 0;
    {
        std::lock_guard lock(mutex_);
        ticket = ++asked_;
    }
    store_->get(
        blocked_words_kind, blocked_words_id, [this, ticket](StoreResult r, StoreRecord rec) {
            if (r == StoreResult::ok) {
                take(ticket, rec.body);
                return;
            }
            if (r != StoreResult::not_found) {
                return;  // unavailable: keep what we have; the next change or refresh reloads
            }
            install(ticket, shipped_list());
            StoreRecord seed;
            seed.kind = blocked_words_kind;
            seed.id = blocked_words_id;
            seed.owner = "main";  // the one organisation (staff::org_id)
            seed.body = shipped_blocked_words_json;
            store_->put(std::move(seed), 0, nullptr);  // another node may win: fine
        });
}

void BlockedWordList::take(std::uint64_t ticket, const std::string& body) {
    std::shared_ptr<const moderation::BlockedWords> words;
    try {
        words = std::make_shared<const moderation::BlockedWords>(
            moderation::BlockedWords::from_json(body));
    } catch (const std::invalid_argument&) {
        // Written by hand around the API: keep the last good list. The event's name is enough
        // to send someone to look (GET /api/blocked-words shows the record).
        log::warn("blocked_words_record_invalid", {});
        return;
    }
    install(ticket, std::move(words));
}

void BlockedWordList::install(std::uint64_t ticket,
                              std::shared_ptr<const moderation::BlockedWords> words) {
    std::lock_guard lock(mutex_);
    if (ticket < applied_) {
        return;  // an earlier read answered late: a later one has already been applied
    }
    applied_ = ticket;
    current_.store(std::move(words));
}

}  // namespace ibasho
