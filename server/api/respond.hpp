// The callback a handler answers through: copyable, thread-safe, and only its first call
// counts. If every copy is dropped unanswered, the request gets a 500 instead of hanging.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "server/api/message.hpp"

namespace ibasho::api {

class Respond {
  public:
    using Sink = std::function<void(Response)>;

    // `sink` receives exactly one response, on whichever thread answers; `route` names the
    // route in the one log line written when a handler drops its request.
    Respond(Sink sink, std::string route);

    // Answers the request. May be called later, from any thread. Returns false (and does
    // nothing) when the request was already answered.
    bool operator()(Response response) const;
    bool answered() const;

  private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace ibasho::api
