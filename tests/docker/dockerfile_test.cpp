// The Dockerfile's shape (no Docker engine here to build it): a build stage that runs
// scripts/install, a slim final stage with only the installed prefix, a non-root user and tini as
// PID 1 in front of the entry point (issue 15).
#include <gtest/gtest.h>

#include <regex>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

TEST(Dockerfile, IsMultiStageSlimNonRootUnderTini) {
  const auto text = testing::read_file(std::string(PERFWATCH_SOURCE_DIR) + "/Dockerfile");
  std::vector<std::string> stages;
  const std::regex from(R"(\nFROM ([^\n]+))");
  for (std::sregex_iterator it(text.begin(), text.end(), from), end; it != end; ++it) {
    stages.push_back((*it)[1]);
  }
  ASSERT_EQ(stages.size(), 2u) << text;
  EXPECT_EQ(stages[0], "debian:12 AS build");
  EXPECT_EQ(stages[1], "debian:12-slim");
  const auto final_stage = text.substr(text.rfind("\nFROM "));
  EXPECT_NE(text.find("RUN scripts/install --prefix /opt/perfwatch"), std::string::npos);
  EXPECT_NE(final_stage.find("COPY --from=build /opt/perfwatch /opt/perfwatch"), std::string::npos);
  // Nothing of the build reaches the final image but the prefix and the entry point.
  EXPECT_EQ(final_stage.find("COPY . "), std::string::npos);
  EXPECT_EQ(final_stage.find("scripts/setup"), std::string::npos);
  EXPECT_NE(final_stage.find("\nUSER perfwatch\n"), std::string::npos);
  EXPECT_NE(final_stage.find("useradd --create-home --uid 1000 perfwatch"), std::string::npos);
  EXPECT_NE(final_stage.find(
                R"(ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/perfwatch-entrypoint"])"),
            std::string::npos);
  EXPECT_NE(final_stage.find("directory = /workspace/project"), std::string::npos)
      << "the mounted checkout is trusted";
}

}  // namespace
}  // namespace perfwatch
