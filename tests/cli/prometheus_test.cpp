// perfwatch export --format prometheus, read back line by line as a Prometheus parser would.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  std::string value;
};

struct Exposition {
  std::vector<std::string> help, type;  // metric names, in order
  std::vector<Sample> samples;
};

// Parses the text format strictly: HELP/TYPE comments, then name{label="value",...} value, with
// \\, \" and \n escapes in label values. Any other line fails the test.
Exposition parse(const std::string& text) {
  static const std::regex comment(R"(# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+))");
  static const std::regex sample(R"(([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+))");
  static const std::regex label(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$))re");
  Exposition exposition;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_match(line, match, comment)) {
      (match[1] == "HELP" ? exposition.help : exposition.type).push_back(match[2]);
      if (match[1] == "TYPE") {
        EXPECT_EQ(match[3], "gauge");
      }
      continue;
    }
    if (!std::regex_match(line, match, sample)) {
      ADD_FAILURE() << "not an exposition line: " << line;
      continue;
    }
    Sample parsed{match[1], {}, match[3]};
    const std::string labels = match[2];
    auto at = labels.cbegin();
    std::smatch one;
    while (at != labels.cend() && std::regex_search(at, labels.cend(), one, label,
                                                    std::regex_constants::match_continuous)) {
      std::string value;
      const std::string raw = one[2];
      for (std::size_t index = 0; index < raw.size(); ++index) {
        if (raw[index] == '\\') {
          ++index;
          value += raw[index] == 'n' ? '\n' : raw[index];
        } else {
          value += raw[index];
        }
      }
      parsed.labels[one[1]] = value;
      at = one[0].second;
    }
    EXPECT_TRUE(at == labels.cend()) << "labels not parsed: " << labels;
    // A sample comes after its family's TYPE line.
    EXPECT_FALSE(exposition.type.empty());
    if (!exposition.type.empty()) {
      EXPECT_EQ(exposition.type.back(), parsed.name);
    }
    exposition.samples.push_back(parsed);
  }
  return exposition;
}

void ingest(const ScratchDir& dir, const std::string& json, const std::string& branch,
            const std::string& commit) {
  testing::write_file(dir / "r.json", json);
  const auto result = run_perfwatch({"ingest", "r.json", "--adapter", "bmf", "--project", "p",
                                     "--branch", branch, "--testbed", "box", "--commit", commit},
                                    dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

TEST(PrometheusExport, NewestValuePerSeriesWithSanitisedNamesAndEscapedLabels) {
  ScratchDir dir;
  ingest(dir, R"({"parse \"big\"": {"latency": {"value": 1.5}}, "lex": {"latency": {"value": 2}}})",
         "main", "c1");
  ingest(dir, R"({"parse \"big\"": {"latency": {"value": 1.25}, "cache-misses": {"value": 10}}})",
         "main", "c2");
  ingest(dir, R"({"parse \"big\"": {"latency": {"value": 9}}})", "feature", "c3");

  const auto result = run_perfwatch({"export", "--format", "prometheus"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto exposition = parse(result.out);
  EXPECT_EQ(exposition.help, exposition.type);
  EXPECT_EQ(exposition.type,
            (std::vector<std::string>{"perfwatch_cache_misses", "perfwatch_latency"}));

  std::map<std::string, std::string> values;  // branch/benchmark/measure -> value
  for (const auto& sample : exposition.samples) {
    EXPECT_EQ(sample.labels.size(), 7u);
    EXPECT_EQ(sample.labels.at("project"), "p");
    EXPECT_EQ(sample.labels.at("testbed"), "box");
    EXPECT_EQ(sample.labels.at("params"), "{}");
    values[sample.labels.at("branch") + "/" + sample.labels.at("benchmark") + "/" +
           sample.labels.at("measure")] = sample.value;
  }
  EXPECT_EQ(values, (std::map<std::string, std::string>{
                        {"main/parse \"big\"/cache-misses", "10"},
                        {"main/parse \"big\"/latency", "1.25"},  // the newer of 1.5 and 1.25
                        {"main/lex/latency", "2"},
                        {"feature/parse \"big\"/latency", "9"},
                    }));
  for (const auto& sample : exposition.samples) {
    if (sample.labels.at("measure") == "latency") {
      EXPECT_EQ(sample.labels.at("units"), "ns");
    }
  }
}

TEST(PrometheusExport, FiltersAndFileOutput) {
  ScratchDir dir;
  ingest(dir, R"({"lex": {"latency": {"value": 2}}})", "main", "c1");
  ingest(dir, R"({"lex": {"latency": {"value": 3}}})", "feature", "c2");
  auto result = run_perfwatch(
      {"export", "--format", "prometheus", "--branch", "feature", "-o", "metrics.prom"},
      dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto exposition = parse(testing::read_file(dir / "metrics.prom"));
  ASSERT_EQ(exposition.samples.size(), 1u);
  EXPECT_EQ(exposition.samples[0].labels.at("branch"), "feature");
  EXPECT_EQ(exposition.samples[0].value, "3");
  auto unknown =
      run_perfwatch({"export", "--format", "prometheus", "--branch", "nope"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 2);
}

}  // namespace
}  // namespace perfwatch
