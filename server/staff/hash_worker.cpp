#include "server/staff/hash_worker.hpp"

#include "server/log.hpp"
#include "server/staff/password_hash.hpp"

namespace ibasho::staff {

HashWorker::HashWorker() : thread_([this] { run(); }) {}

HashWorker::~HashWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

bool HashWorker::post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || jobs_.size() >= max_queued) {
            return false;
        }
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

void HashWorker::hash(std::string password, std::function<void(std::optional<std::string>)> done) {
    auto shared = std::make_shared<decltype(done)>(std::move(done));
    if (!post([password = std::move(password), shared] { (*shared)(hash_password(password)); })) {
        (*shared)(std::nullopt);
    }
}

void HashWorker::verify(std::string stored, std::string password,
                        std::function<void(std::optional<bool>)> done) {
    auto shared = std::make_shared<decltype(done)>(std::move(done));
    if (!post([stored = std::move(stored), password = std::move(password), shared] {
            if (stored.empty()) {
                dummy_verify(password);
                (*shared)(false);
                return;
            }
            (*shared)(verify_password(stored, password));
        })) {
        (*shared)(std::nullopt);
    }
}

void HashWorker::run() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) {
                return;  // stopping, and nothing left to finish
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        // A job must not take the worker down with it.
        try {
            job();
        } catch (const std::exception&) {
            log::error("hash_job_failed");
        }
    }
}

}  // namespace ibasho::staff
