// Parameter matrices: benchmarks expanded into named instances, and the selections that narrow
// them (profile, --filter, --param, --shard).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runner/suite.hpp"

namespace perfwatch::runner {

// One benchmark with one combination of its parameters, ready to run: placeholders {name} (an
// identifier in braces; other braces, as in JSON, stay as written) in its
// command, setup, teardown, cwd, env and output are replaced by the parameters' values, and each
// parameter is also in the environment as PERFWATCH_PARAM_<NAME> (upper case).
struct Instance {
  std::string id;         // "name" or "name/key=value/key=value" (keys sorted)
  std::string benchmark;  // the [[benchmark]] name, as stored
  nlohmann::json params = nlohmann::json::object();  // as stored with the benchmark
  BenchmarkSpec spec;  // a copy: instances outlive the suite they came from
  CommandSpec command;
  std::optional<CommandSpec> setup;
  std::optional<CommandSpec> teardown;
  std::filesystem::path cwd;               // absolute
  std::map<std::string, std::string> env;  // suite's env, then the benchmark's, then params
  std::string output;
};

// The combinations of a matrix, like a CI matrix: the cartesian product of its arrays (keys in
// sorted order, values in written order), without those matching every key of an `exclude`
// entry; then each `include` entry adds its extra keys to the combinations that match it on the
// matrix's own keys, or, when none does (or it has no extra keys and matches nothing), is added
// as a combination of its own. An empty matrix is one empty combination.
std::vector<nlohmann::json> expand_matrix(const BenchmarkSpec& spec);

// Every instance of every benchmark of the suite, in file order then combination order. Throws
// InputError naming the benchmark for a placeholder that names no parameter.
std::vector<Instance> expand_suite(const Suite& suite);

// A parameter's value as text: strings as they are, numbers and booleans as JSON writes them.
std::string param_text(const nlohmann::json& value);

// "K/N" (1 <= K <= N) -> {K, N}; throws InputError naming --shard otherwise.
std::pair<int, int> parse_shard(const std::string& text);

// "name=v1,v2" -> {name, {v1, v2}}; throws InputError naming --param otherwise.
std::pair<std::string, std::vector<std::string>> parse_param_filter(const std::string& text);

struct Selection {
  ProfileLevel profile = ProfileLevel::standard;
  std::string filter;  // ECMAScript regex searched in the instance id; empty: all
  std::map<std::string, std::vector<std::string>> params;  // --param
  int shard_index = 1;                                     // 1-based
  int shard_count = 1;
};

// The instances a run executes, in order: those the profile includes, whose id matches the
// filter, whose parameters take one of the --param values (instances without that parameter
// stay), then every shard_count-th of those starting at shard_index - 1, so that the shards
// split the selection evenly (sizes differ by one at most) and the same way on every machine.
// Throws InputError naming the flag for a bad regex or a --param no benchmark has.
std::vector<Instance> select_instances(const std::vector<Instance>& instances,
                                       const Selection& selection);

}  // namespace perfwatch::runner
