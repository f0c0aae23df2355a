// Staff records written straight into a Store in the format sign-in writes them (spec §1), so
// chat tests can raise a session's role without going through the HTTP login.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/store/store.hpp"

namespace ibasho::test {

struct StaffSpec {
    std::string id = "st_test0000000000001";
    std::string name = "ひかり";
    std::string role = "supporter";  // or "organiser"
    std::vector<std::string> rooms{"open"};
    std::string org = "main";  // empty for an operator
    bool active = true;
    bool must_change = false;
};

// Writes the `staff` record. Memory stores complete at once; with Redis, settle afterwards.
void put_staff(Store& store, const StaffSpec& spec);

// Issues a token for `staff_id` created at `created_ms` (the `staff_token` record, 12 h ttl)
// and returns the raw token, as a login would hand it to the client.
std::string put_staff_token(Store& store, const std::string& staff_id, std::int64_t created_ms);

}  // namespace ibasho::test
