#include "server/api/errors.hpp"

#include <algorithm>
#include <array>

namespace ibasho::api {
namespace {

constexpr std::array<ErrorInfo, 18> table{{
    {ErrorCode::bad_request, "bad_request", 400, "The request is not valid."},
    {ErrorCode::unauthorized, "unauthorized", 401, "A valid bearer token is required."},
    {ErrorCode::forbidden, "forbidden", 403, "This action is not allowed for this account."},
    {ErrorCode::not_found, "not_found", 404, "There is nothing here."},
    {ErrorCode::method_not_allowed, "method_not_allowed", 405, "This method is not allowed here."},
    {ErrorCode::conflict, "conflict", 409, "The request conflicts with the current state."},
    {ErrorCode::precondition_failed, "precondition_failed", 412,
     "The record changed since it was read."},
    {ErrorCode::payload_too_large, "payload_too_large", 413, "The request body is too large."},
    {ErrorCode::unsupported_media_type, "unsupported_media_type", 415,
     "The request body must be application/json."},
    {ErrorCode::too_many_requests, "too_many_requests", 429, "Too many requests; wait a moment."},
    {ErrorCode::internal_error, "internal_error", 500, "Something went wrong on our side."},
    {ErrorCode::service_degraded, "service_degraded", 503,
     "The service is degraded; try again shortly."},
    {ErrorCode::bad_credentials, "bad_credentials", 401, "The name or the password is not right."},
    {ErrorCode::totp_required, "totp_required", 401, "Enter the code from your authenticator app."},
    {ErrorCode::https_required, "https_required", 403, "Passwords are only accepted over HTTPS."},
    {ErrorCode::password_change_required, "password_change_required", 403,
     "Choose a new password first."},
    {ErrorCode::name_taken, "name_taken", 409, "Another account already has this name."},
    {ErrorCode::too_many_attempts, "too_many_attempts", 429,
     "Too many attempts; wait before trying again."},
}};

}  // namespace

std::span<const ErrorInfo> error_table() {
    return table;
}

const ErrorInfo& info(ErrorCode code) {
    // The table is in enum order, checked by the unit tests.
    return table[static_cast<std::size_t>(code)];
}

std::string_view to_string(ErrorCode code) {
    return info(code).name;
}

int status_of(ErrorCode code) {
    return info(code).status;
}

Response error(ErrorCode code, std::string_view message, std::string_view field) {
    const ErrorInfo& i = info(code);
    nlohmann::json body;
    body["code"] = i.name;
    if (!field.empty()) {
        body["field"] = field;
    }
    body["message"] = message.empty() ? i.message : message;
    Response r = Response::of(i.status, nlohmann::json{{"error", std::move(body)}});
    if (code == ErrorCode::unauthorized) {
        r.header("WWW-Authenticate", "Bearer");
    } else if (code == ErrorCode::too_many_requests || code == ErrorCode::too_many_attempts) {
        r.header("Retry-After", "1");
    }
    return r;
}

Response bad_field(std::string_view field, std::string_view message) {
    return error(ErrorCode::bad_request, message, field);
}

Response too_many_requests(std::chrono::seconds retry_after) {
    Response r = error(ErrorCode::too_many_requests);
    r.headers.clear();
    r.header("Retry-After", std::to_string(std::max<long long>(1, retry_after.count())));
    return r;
}

Response too_many_attempts(std::chrono::seconds retry_after) {
    Response r = error(ErrorCode::too_many_attempts);
    r.headers.clear();
    r.header("Retry-After", std::to_string(std::max<long long>(1, retry_after.count())));
    return r;
}

}  // namespace ibasho::api
