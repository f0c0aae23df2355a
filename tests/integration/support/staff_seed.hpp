// Staff members written straight into the servers' Redis under their prefix, as sign-up and
// login would have: the record and a fresh token, readable by every node once this returns.
#pragma once

#include <string>

#include "staff_fixture.hpp"
#include "tests/integration/support/controlled_redis.hpp"

namespace ibasho::itest {

// Writes `spec` and a token for it; returns the raw token (for {"type":"hello","staff":..}).
// Fails the test case when Redis does not answer within 5 s.
std::string seed_staff(const ControlledRedis& redis, const std::string& prefix,
                       const ibasho::test::StaffSpec& spec);

}  // namespace ibasho::itest
