#include <gtest/gtest.h>

#include "integrations/context.hpp"

namespace perfwatch {
namespace {

TEST(Context, OverridesWinOverDetection) {
  const auto context = capture_context({"proj", "feature", "bench-box", "abc123"});
  EXPECT_EQ(context.project, "proj");
  EXPECT_EQ(context.branch, "feature");
  EXPECT_EQ(context.testbed, "bench-box");
  EXPECT_EQ(context.git.commit, "abc123");
}

}  // namespace
}  // namespace perfwatch
