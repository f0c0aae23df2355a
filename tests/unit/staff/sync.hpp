// Waits for an answer that may come on another thread (the hash worker), with a deadline so a
// lost answer fails the test instead of hanging it.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <memory>

namespace ibasho::test {

template <class T>
struct Waiter {
    std::shared_ptr<std::promise<T>> promise = std::make_shared<std::promise<T>>();
    std::future<T> future = promise->get_future();

    auto setter() {
        return [p = promise](T value) { p->set_value(std::move(value)); };
    }
    T get() {
        REQUIRE(future.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
        return future.get();
    }
};

}  // namespace ibasho::test
