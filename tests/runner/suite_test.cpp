#include "runner/suite.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace perfwatch::runner {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_suite(text, "perfwatch.toml");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(Suite, ReadsCommandsSetupCwdEnvAdapterAndMatrix) {
  const auto suite = parse_suite(R"(
[suite]
name = "demo"
env = { LANG = "C" }

[[benchmark]]
name = "sort"
command = ["sort", "-n", "data/{size}.txt"]
setup = "make data"
teardown = ["rm", "-f", "out"]
cwd = "work"
env = { N = "{size}", DEBUG = 0 }
timeout = 2.5
profile = "full"
matrix = { size = [10, 1000], order = ["asc", "desc"] }

[[benchmark]]
name = "shell"
shell = true
command = "echo hi | wc -c"

[[benchmark]]
name = "gbench"
command = "./bench --benchmark_format=json"
adapter = "google_benchmark_json"

[[threshold]]
measure = "latency"
upper = 0.1
)",
                                 "dir/perfwatch.toml");
  EXPECT_EQ(suite.name, "demo");
  EXPECT_EQ(suite.env.at("LANG"), "C");
  ASSERT_EQ(suite.benchmarks.size(), 3u);
  const auto& sort = suite.benchmarks[0];
  EXPECT_EQ(sort.command.argv, (std::vector<std::string>{"sort", "-n", "data/{size}.txt"}));
  EXPECT_EQ(sort.setup->argv, (std::vector<std::string>{"make", "data"}));
  EXPECT_EQ(sort.teardown->argv, (std::vector<std::string>{"rm", "-f", "out"}));
  EXPECT_EQ(sort.cwd, "work");
  EXPECT_EQ(sort.env.at("N"), "{size}");
  EXPECT_EQ(sort.env.at("DEBUG"), "0");
  EXPECT_EQ(sort.timeout_s, 2.5);
  EXPECT_EQ(sort.profile, ProfileLevel::full);
  EXPECT_EQ(sort.matrix["size"], nlohmann::json({10, 1000}));
  EXPECT_EQ(sort.origin, "dir/perfwatch.toml: line 6");
  EXPECT_EQ(suite.benchmarks[1].command.argv,
            (std::vector<std::string>{"/bin/sh", "-c", "echo hi | wc -c"}));
  EXPECT_EQ(suite.benchmarks[2].adapter, "google_benchmark_json");
  EXPECT_EQ(suite.benchmarks[2].command.argv,
            (std::vector<std::string>{"./bench", "--benchmark_format=json"}));
}

TEST(Suite, ReadsIncludeAndExcludeRules) {
  const auto suite = parse_suite(R"(
[[benchmark]]
name = "b"
command = "true"
[benchmark.matrix]
hw = ["cpu", "cuda"]
batch = [1, 8]
exclude = [{ hw = "cpu", batch = 8 }]
include = [{ hw = "tpu", batch = 1 }]
)",
                                 "perfwatch.toml");
  const auto& spec = suite.benchmarks[0];
  ASSERT_EQ(spec.exclude.size(), 1u);
  EXPECT_EQ(spec.exclude[0], nlohmann::json({{"hw", "cpu"}, {"batch", 8}}));
  ASSERT_EQ(spec.include.size(), 1u);
  EXPECT_FALSE(spec.matrix.contains("include"));
}

TEST(Suite, SplitsWordsWithQuotesAndNoExpansion) {
  EXPECT_EQ(split_words(R"(a 'b c' "d e" f\ g $HOME)", "x"),
            (std::vector<std::string>{"a", "b c", "d e", "f g", "$HOME"}));
  EXPECT_EQ(split_words("  ''  ", "x"), (std::vector<std::string>{""}));
  EXPECT_THROW(split_words("a 'b", "x"), InputError);
}

TEST(Suite, SyntaxErrorNamesFileLineAndColumn) {
  const auto message = error_of("[[benchmark]]\nname = \"a\"\ncommand = [\"true\"\n");
  EXPECT_EQ(message.rfind("perfwatch.toml: line ", 0), 0u) << message;
  EXPECT_NE(message.find("column"), std::string::npos) << message;
}

TEST(Suite, RejectsUnknownKeysWrongTypesDuplicatesAndEmptySuites) {
  EXPECT_EQ(error_of("[[benchmark]]\nname = \"a\"\ncommand = \"true\"\nruns = 3\n")
                .rfind("perfwatch.toml: line 4, column 8: unknown key 'runs'", 0),
            0u);
  EXPECT_NE(error_of("[[benchmark]]\nname = \"a\"\ncommand = 3\n").find("line 3"),
            std::string::npos);
  EXPECT_NE(error_of("[[benchmark]]\nname = \"a\"\n").find("needs a command"), std::string::npos);
  EXPECT_NE(error_of("[[benchmark]]\ncommand = \"true\"\n").find("needs a name"),
            std::string::npos);
  EXPECT_NE(error_of("[[benchmark]]\nname = \"a\"\ncommand = \"true\"\n"
                     "[[benchmark]]\nname = \"a\"\ncommand = \"true\"\n")
                .find("already defined"),
            std::string::npos);
  EXPECT_NE(error_of("[[threshold]]\nupper = 1\n").find("no benchmarks"), std::string::npos);
  EXPECT_NE(error_of("[[benchmark]]\nname = \"a\"\ncommand = \"true\"\nprofile = \"huge\"\n")
                .find("profile must be one of"),
            std::string::npos);
  EXPECT_NE(error_of("[[benchmark]]\nname = \"a\"\ncommand = \"true\"\ntimeout = -1\n")
                .find("more than 0"),
            std::string::npos);
  EXPECT_NE(error_of("[[benchmark]]\nname = \"a\"\ncommand = \"true\"\nmatrix = { n = [] }\n")
                .find("non-empty array"),
            std::string::npos);
  EXPECT_NE(error_of("[[benchmark]]\nname = \"a\"\ncommand = [\"a\"]\nshell = true\n")
                .find("must be one string"),
            std::string::npos);
}

}  // namespace
}  // namespace perfwatch::runner
