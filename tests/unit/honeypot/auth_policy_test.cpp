#include "honeypot/auth_policy.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace busytrap::honeypot {
namespace {

const std::string kMiraiTable = std::string(BUSYTRAP_TEST_FIXTURES) + "/../../data/credentials/mirai.txt";

TEST(AuthPolicy, AcceptsExactlyTheMiraiTableByDefault) {
  const AuthPolicy policy({}, kMiraiTable, 0);
  EXPECT_EQ(policy.credential_count(), 61u);
  EXPECT_TRUE(policy.accepts("root", "xc3511", 1));
  EXPECT_TRUE(policy.accepts("root", "", 1));
  EXPECT_TRUE(policy.accepts("mother", "fucker", 3));
  EXPECT_TRUE(policy.accepts("root", "zlxx.", 1));
  EXPECT_FALSE(policy.accepts("root", "xc351", 1));
  EXPECT_FALSE(policy.accepts("root", "xc3511 ", 1));
  EXPECT_FALSE(policy.accepts("Root", "xc3511", 1));
  EXPECT_FALSE(policy.accepts("root\nxc3511", "", 1));
}

TEST(AuthPolicy, RulesComeFirstAndDenyRulesRefuse) {
  const AuthPolicy policy({"root:!root", "admin:*", "/gu.st/:/^[0-9]+$/", "*:s3cr*t"}, kMiraiTable,
                          0);
  EXPECT_FALSE(policy.accepts("root", "root", 1));  // in the table, but denied first
  EXPECT_TRUE(policy.accepts("admin", "anything", 1));
  EXPECT_TRUE(policy.accepts("guest", "2024", 1));
  EXPECT_FALSE(policy.accepts("guest", "20x4", 1));
  EXPECT_TRUE(policy.accepts("nobody", "s3cr3t", 1));
  EXPECT_TRUE(policy.accepts("nobody", "s3crt", 1));
  EXPECT_FALSE(policy.accepts("nobody", "secret", 1));
  EXPECT_FALSE(policy.accepts("xguest", "1", 1));  // a regex matches the whole field
  EXPECT_FALSE(policy.accepts("guest", std::string("12\0" "3", 4), 1));  // NULs are bytes
}

TEST(AuthPolicy, AcceptAfterNAttempts) {
  const AuthPolicy policy({}, "", 3);
  EXPECT_FALSE(policy.accepts("x", "y", 1));
  EXPECT_FALSE(policy.accepts("x", "y", 2));
  EXPECT_TRUE(policy.accepts("x", "y", 3));
}

TEST(AuthPolicy, RejectsMalformedConfiguration) {
  EXPECT_THROW(AuthPolicy({"no-colon"}, "", 0), std::invalid_argument);
  EXPECT_THROW(AuthPolicy({"/(/:x"}, "", 0), std::invalid_argument);
  EXPECT_THROW(AuthPolicy({"/a[/:x"}, "", 0), std::invalid_argument);
  EXPECT_THROW(AuthPolicy({}, "/nonexistent/credentials.txt", 0), std::invalid_argument);
}

}  // namespace
}  // namespace busytrap::honeypot
