#include "server/api/respond.hpp"

#include <atomic>

#include "server/api/errors.hpp"
#include "server/log.hpp"

namespace ibasho::api {

struct Respond::State {
    Sink sink;
    std::string route;
    std::atomic<bool> done{false};

    ~State() {
        if (done.load()) {
            return;
        }
        // A handler lost its callback (a seam dropped a request): answer rather than leave
        // the connection waiting for its timeout. Destructors must not throw.
        try {
            log::error("api_response_dropped", {{"route", route}});
            sink(error(ErrorCode::internal_error));
        } catch (...) {
        }
    }
};

Respond::Respond(Sink sink, std::string route) : state_(std::make_shared<State>()) {
    state_->sink = std::move(sink);
    state_->route = std::move(route);
}

bool Respond::operator()(Response response) const {
    if (state_->done.exchange(true)) {
        return false;
    }
    // Only the first caller gets here. The sink leaves the state with the answer: it holds
    // the HTTP session, which must not outlive its answer because a handler kept a copy.
    Sink sink = std::move(state_->sink);
    state_->sink = nullptr;
    sink(std::move(response));
    return true;
}

bool Respond::answered() const {
    return state_->done.load();
}

}  // namespace ibasho::api
