// scripts/install (issue 15): the perfwatch binary with the libraries it needs beside it, so that
// a CI cache or the Docker image's final stage can carry it to a machine without them. Given the
// binary under test (--binary), so that the test does not build perfwatch a second time.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_command;
using testing::ScratchDir;

const std::string install = std::string(PERFWATCH_SOURCE_DIR) + "/scripts/install";

TEST(InstallScript, PutsTheBinaryAndItsLibrariesInThePrefix) {
  ScratchDir dir;
  const auto prefix = dir / "prefix";
  auto result = run_command({install, "--binary", PERFWATCH_BINARY, "--prefix", prefix.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  auto version = run_command({(prefix / "bin/perfwatch").string(), "--version"});
  EXPECT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(version.out.rfind("perfwatch ", 0), 0u) << version.out;

  const auto runpath = run_command({"readelf", "-d", (prefix / "bin/perfwatch").string()});
  EXPECT_NE(runpath.out.find("[$ORIGIN/../lib/perfwatch]"), std::string::npos) << runpath.out;
  // Every library but the C and C++ runtimes is loaded from the prefix.
  const auto libraries = run_command({"ldd", (prefix / "bin/perfwatch").string()}).out;
  EXPECT_NE(libraries.find("libduckdb.so => " + (prefix / "bin/../lib/perfwatch").string()),
            std::string::npos)
      << libraries;
  for (const char* library : {"libgit2", "libfmt", "libpq", "libssl", "libhttp_parser"}) {
    const auto at = libraries.find(library);
    ASSERT_NE(at, std::string::npos) << library;
    const auto line = libraries.substr(at, libraries.find('\n', at) - at);
    EXPECT_NE(line.find(prefix.string()), std::string::npos) << line;
  }
  // A bundled library finds its own dependencies beside it.
  const auto git2 =
      run_command({"readelf", "-d", (prefix / "lib/perfwatch/libgit2.so.1.5").string()});
  EXPECT_NE(git2.out.find("[$ORIGIN]"), std::string::npos) << git2.out;
}

TEST(InstallScript, BadArgumentsAreOneLineAndExitTwo) {
  auto missing = run_command({install, "--prefix"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "install: --prefix needs a value\n");
  auto binary = run_command({install, "--binary", "/nonexistent/perfwatch"});
  EXPECT_EQ(binary.exit_code, 2);
  EXPECT_EQ(binary.err, "install: --binary: /nonexistent/perfwatch is not an executable file\n");
  auto unknown = run_command({install, "--fast"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err.rfind("install: unknown argument --fast", 0), 0u) << unknown.err;
}

}  // namespace
}  // namespace perfwatch
