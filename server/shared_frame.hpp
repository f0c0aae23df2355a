// A serialised server object shared by every recipient: built once, never copied per socket.
// Frames hold one JSON object each, without a trailing newline.
#pragma once

#include <memory>
#include <string>

namespace ibasho {

using SharedFrame = std::shared_ptr<const std::string>;

inline SharedFrame make_frame(std::string bytes) {
    return std::make_shared<const std::string>(std::move(bytes));
}

// What happened to a frame handed to a connection (after uWebSockets' send results).
enum class SendResult {
    success,       // queued well under the bound
    backpressure,  // queued, but the client is falling behind
    dropped,       // over the bound: not queued, the connection is being closed
};

}  // namespace ibasho
