#include "runner/matrix.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/error.hpp"

namespace perfwatch::runner {
namespace {

Suite suite_of(const std::string& text) { return parse_suite(text, "/suite/perfwatch.toml"); }

std::vector<std::string> ids(const std::vector<Instance>& instances) {
  std::vector<std::string> list;
  for (const auto& instance : instances) list.push_back(instance.id);
  return list;
}

TEST(Matrix, CartesianProductInSortedKeyOrderWithValuesAsWritten) {
  const auto suite = suite_of(R"(
[[benchmark]]
name = "infer"
command = ["run", "--model={model}", "--batch={batch}"]
env = { HW = "{hw}" }
cwd = "models/{model}"
matrix = { model = ["bert", "gpt"], batch = [8, 1], hw = ["cpu"] }
)");
  const auto instances = expand_suite(suite);
  EXPECT_EQ(ids(instances),
            (std::vector<std::string>{
                "infer/batch=8/hw=cpu/model=bert", "infer/batch=8/hw=cpu/model=gpt",
                "infer/batch=1/hw=cpu/model=bert", "infer/batch=1/hw=cpu/model=gpt"}));
  const auto& first = instances.front();
  EXPECT_EQ(first.benchmark, "infer");
  EXPECT_EQ(first.params.dump(), R"({"batch":8,"hw":"cpu","model":"bert"})");
  EXPECT_EQ(first.command.argv, (std::vector<std::string>{"run", "--model=bert", "--batch=8"}));
  EXPECT_EQ(first.env.at("HW"), "cpu");
  EXPECT_EQ(first.env.at("PERFWATCH_PARAM_BATCH"), "8");
  EXPECT_EQ(first.cwd, std::filesystem::path("/suite/models/bert"));
}

TEST(Matrix, ExcludeRemovesMatchesAndIncludeExtendsOrAdds) {
  const auto suite = suite_of(R"(
[[benchmark]]
name = "b"
command = "true"
[benchmark.matrix]
hw = ["cpu", "cuda"]
batch = [1, 8]
exclude = [{ hw = "cpu", batch = 8 }]
include = [{ hw = "cuda", precision = "fp16" }, { hw = "tpu", batch = 1 }, { hw = "cpu", batch = 1 }]
)");
  const auto combinations = expand_matrix(suite.benchmarks[0]);
  std::vector<std::string> dumped;
  for (const auto& combination : combinations) dumped.push_back(combination.dump());
  EXPECT_EQ(dumped, (std::vector<std::string>{
                        R"({"batch":1,"hw":"cpu"})",
                        R"({"batch":1,"hw":"cuda","precision":"fp16"})",
                        R"({"batch":8,"hw":"cuda","precision":"fp16"})",
                        R"({"batch":1,"hw":"tpu"})",
                    }));
}

TEST(Matrix, NoMatrixIsOneInstanceAndIncludesAloneAreTheCombinations) {
  auto suite = suite_of(R"(
[[benchmark]]
name = "plain"
command = "true"
[[benchmark]]
name = "listed"
command = "true"
matrix = { include = [{ n = 1 }, { n = 2 }] }
)");
  EXPECT_EQ(ids(expand_suite(suite)),
            (std::vector<std::string>{"plain", "listed/n=1", "listed/n=2"}));
}

TEST(Matrix, OnlyIdentifiersInBracesArePlaceholders) {
  const auto suite = suite_of(R"(
[[benchmark]]
name = "json"
command = ["printf", '{"n": {n}, "s": {"t": "{ n }"}}']
matrix = { n = [1] }
)");
  EXPECT_EQ(expand_suite(suite)[0].command.argv,
            (std::vector<std::string>{"printf", R"({"n": 1, "s": {"t": "{ n }"}})"}));
}

TEST(Matrix, UnknownPlaceholderNamesTheBenchmark) {
  const auto suite = suite_of("[[benchmark]]\nname = \"a\"\ncommand = \"run {nope}\"\n");
  try {
    expand_suite(suite);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "/suite/perfwatch.toml: line 1: benchmark 'a' uses {nope}, which is not one of its "
              "matrix parameters");
  }
}

const char* kSelectionSuite = R"(
[[benchmark]]
name = "parse"
command = "true"
matrix = { size = [1, 2, 4, 8] }
[[benchmark]]
name = "startup"
command = "true"
[[benchmark]]
name = "soak"
command = "true"
profile = "full"
)";

TEST(Selection, ProfileFilterAndParamNarrowTheInstances) {
  const auto all = expand_suite(suite_of(kSelectionSuite));
  Selection selection;
  selection.profile = ProfileLevel::quick;
  EXPECT_EQ(select_instances(all, selection).size(), 5u);
  selection.profile = ProfileLevel::comprehensive;
  EXPECT_EQ(select_instances(all, selection).size(), 6u);
  selection.params["size"] = {"1", "8"};
  EXPECT_EQ(ids(select_instances(all, selection)),
            (std::vector<std::string>{"parse/size=1", "parse/size=8", "startup", "soak"}));
  selection.filter = "^parse";
  EXPECT_EQ(ids(select_instances(all, selection)),
            (std::vector<std::string>{"parse/size=1", "parse/size=8"}));
  selection.filter = "(";
  EXPECT_THROW(select_instances(all, selection), InputError);
  selection.filter.clear();
  selection.params = {{"batch", {"1"}}};
  EXPECT_THROW(select_instances(all, selection), InputError);
}

TEST(Selection, ShardsAreDisjointEvenAndCoverEverything) {
  const auto all = expand_suite(suite_of(kSelectionSuite));
  Selection selection;
  selection.profile = ProfileLevel::comprehensive;
  for (int count = 1; count <= 8; ++count) {
    std::multiset<std::string> seen;
    std::size_t smallest = all.size();
    std::size_t largest = 0;
    for (int index = 1; index <= count; ++index) {
      selection.shard_index = index;
      selection.shard_count = count;
      const auto shard = select_instances(all, selection);
      smallest = std::min(smallest, shard.size());
      largest = std::max(largest, shard.size());
      for (const auto& instance : shard) seen.insert(instance.id);
      EXPECT_EQ(ids(shard), ids(select_instances(all, selection))) << "deterministic";
    }
    EXPECT_EQ(seen.size(), all.size()) << count << " shards";
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), all.size());
    EXPECT_LE(largest - smallest, 1u) << count << " shards";
  }
}

TEST(Selection, ParsesShardAndParamFlags) {
  EXPECT_EQ(parse_shard("2/4"), (std::pair<int, int>{2, 4}));
  for (const char* bad : {"0/4", "5/4", "2", "a/b", "2/0", "2/4x", "/4"}) {
    EXPECT_THROW(parse_shard(bad), InputError) << bad;
  }
  const auto [name, values] = parse_param_filter("batch_size=1,8");
  EXPECT_EQ(name, "batch_size");
  EXPECT_EQ(values, (std::vector<std::string>{"1", "8"}));
  EXPECT_THROW(parse_param_filter("batch_size"), InputError);
  EXPECT_THROW(parse_param_filter("=1"), InputError);
}

}  // namespace
}  // namespace perfwatch::runner
