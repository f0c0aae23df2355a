// Which connection on this node currently holds each session token. A resume from a new
// connection supersedes the old one (a phone that reconnected before its dead socket was
// noticed), so two connections never act for one session.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ibasho {
class Shard;
}

namespace ibasho::chat {

class ActiveSessions {
  public:
    struct Holder {
        Shard* shard = nullptr;
        std::weak_ptr<bool> alive;        // expires with the holder
        std::function<void()> supersede;  // run on `shard` to retire the holder
        const void* id = nullptr;
        std::string mark;  // the connection's random mark, as other nodes name it
    };

    // Records `holder` for `token` and retires the previous holder, if any, on its own shard.
    void claim(const std::string& token, Holder holder);
    // Forgets `token` if `id` still holds it.
    void release(const std::string& token, const void* id);
    // Another node resumed the session at `address` (control::session_address of its token):
    // retires the holder here unless it is the one marked `except`. Any thread.
    void supersede_remote(const std::string& address, const std::string& except);
    std::size_t size();

  private:
    // Keyed by session address, never by the token itself, so that remote commands (which
    // carry only the address) find the holder.
    std::mutex mutex_;
    std::unordered_map<std::string, Holder> holders_;
};

}  // namespace ibasho::chat
