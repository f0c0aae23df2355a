// The API's error answers: one table maps each stable snake_case code to its HTTP status, and
// every error body has the same shape, {"error":{"code":...,"field":...,"message":...}}.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "server/api/message.hpp"

namespace ibasho::api {

enum class ErrorCode {
    bad_request,             // 400, names the field when one is at fault
    unauthorized,            // 401, with WWW-Authenticate: Bearer
    forbidden,               // 403
    not_found,               // 404, also any unknown /api/ path
    method_not_allowed,      // 405, with Allow
    conflict,                // 409
    precondition_failed,     // 412, If-Match did not match
    payload_too_large,       // 413
    unsupported_media_type,  // 415
    too_many_requests,       // 429, with Retry-After
    internal_error,          // 500, a handler failed
    service_degraded,        // 503, a dependency (Redis, the help directory) is unavailable
    // Staff accounts (issue 11).
    bad_credentials,           // 401, unknown name, wrong password or inactive: one answer
    totp_required,             // 401, the password was right; the account wants its code
    https_required,            // 403, a password sent over plain HTTP
    password_change_required,  // 403, the account must set a new password first
    name_taken,                // 409, another account has a name that looks the same
    too_many_attempts,         // 429, too many failed logins; with Retry-After
};

struct ErrorInfo {
    ErrorCode code;
    std::string_view name;
    int status;
    std::string_view message;  // the default human text
};

// Every code, in the order above: docs/api.md documents each one (a test checks).
std::span<const ErrorInfo> error_table();
const ErrorInfo& info(ErrorCode code);
std::string_view to_string(ErrorCode code);
int status_of(ErrorCode code);

// An error answer. An empty message takes the table's; an empty field is left out. The
// headers the code requires come with it (WWW-Authenticate; Retry-After: 1 for 429).
Response error(ErrorCode code, std::string_view message = {}, std::string_view field = {});
// 400 naming the request field that is missing or wrong.
Response bad_field(std::string_view field, std::string_view message);
// 429 with the given wait (at least one second).
Response too_many_requests(std::chrono::seconds retry_after);
// 429 too_many_attempts with the given wait (at least one second).
Response too_many_attempts(std::chrono::seconds retry_after);

}  // namespace ibasho::api
