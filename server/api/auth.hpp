// Bearer tokens on staff endpoints: reads `Authorization: Bearer <token>`, asks a token checker
// (the composition root supplies it; staff::StaffAuth once wired) and answers 401/503 itself, so
// a route only ever sees a caller whose token is good.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "server/api/message.hpp"

namespace ibasho::api {

// What a checker found; mirrors staff::AuthResult.
enum class TokenVerdict { ok, invalid, expired, inactive, unavailable };

// Looks a raw token up and answers, on any thread, with the verdict and (for ok) the staff id.
using TokenChecker = std::function<void(
    std::string token, std::function<void(TokenVerdict, std::string staff_id)> done)>;

// The token of an "Authorization: Bearer <token>" header, or "" when there is none.
std::string bearer_token(std::string_view authorization);

struct Caller {
    std::string staff_id;
    std::string token;  // raw, for logout; never logged or stored
};

// Calls `next` once: with no refusal and the caller when the request carries a token the checker
// accepts; otherwise with the answer to give — 401 unauthorized (no, unknown, expired or
// inactive token) or 503 service_degraded (the checker could not tell). On any thread.
void authenticate(const Request& request, const TokenChecker& checker,
                  std::function<void(std::optional<Response> refusal, Caller caller)> next);

}  // namespace ibasho::api
