// One background thread for the slow password work (Argon2id, ~50-100 ms a call), so no shard's
// I/O thread ever waits for it. Jobs run one at a time, in order; their answers are delivered on
// the worker thread, and callers post them on (API answers may be given from any thread).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace ibasho::staff {

class HashWorker {
  public:
    // Jobs waiting beyond this are refused (the caller answers 503): a flood of logins must not
    // grow memory or delay every staff member's login without bound.
    static constexpr std::size_t max_queued = 256;

    HashWorker();
    // Runs what is queued to the end, then joins.
    ~HashWorker();
    HashWorker(const HashWorker&) = delete;
    HashWorker& operator=(const HashWorker&) = delete;

    // Queues `job`; false (and `job` dropped) when the queue is full or the worker stopping.
    bool post(std::function<void()> job);

    // hash_password() on the worker; `done` gets nullopt on failure or a full queue (then on
    // the caller's thread).
    void hash(std::string password, std::function<void(std::optional<std::string>)> done);
    // verify_password() on the worker. An empty `stored` spends a dummy verify (unknown names)
    // and answers false. A full queue answers nullopt on the caller's thread.
    void verify(std::string stored, std::string password,
                std::function<void(std::optional<bool>)> done);

  private:
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace ibasho::staff
