// runner: runs benchmark suites and measures them: reads perfwatch.toml suites, expands parameter
// matrices, applies profiles and shards, spawns commands (no shell unless asked) through a helper
// that times them and reaps them with wait4 (CPU time, the command's own peak RSS: spawn.hpp),
// reads hardware counters or valgrind's instruction counts, samples resource use, summarises and
// writes the receipt (perf.json). It never opens the database: the CLI stores what it returns.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/profile.hpp"

namespace perfwatch::runner {

// A command as the suite wrote it: an argv array, or a string split into words (quotes group,
// nothing is expanded) unless `shell = true` hands it to /bin/sh -c.
struct CommandSpec {
  std::vector<std::string> argv;
  bool shell = false;
};

// One [[benchmark]] table. Strings of command, cwd, env and output may name matrix parameters
// as {name}; they are substituted per instance.
struct BenchmarkSpec {
  std::string name;
  std::string origin;  // "FILE: line L", for messages
  CommandSpec command;
  std::optional<CommandSpec> setup;     // once before the instance's runs
  std::optional<CommandSpec> teardown;  // once after them, even when they failed
  std::string cwd;                      // relative to the suite's folder; empty: that folder
  std::map<std::string, std::string> env;
  std::string adapter;  // harness mode: an adapter name or "auto"; empty: timed from outside
  std::string output;   // file the harness writes (relative to cwd); empty: its stdout
  std::optional<double> timeout_s;
  ProfileLevel profile = ProfileLevel::quick;        // the smallest profile that includes it
  nlohmann::json matrix = nlohmann::json::object();  // parameter -> array of values
  std::vector<nlohmann::json> include;               // objects, as in a CI matrix
  std::vector<nlohmann::json> exclude;
};

struct Suite {
  std::filesystem::path path;       // the file
  std::filesystem::path directory;  // its folder: commands run there unless cwd says otherwise
  std::string name;                 // [suite] name; default: the folder's name
  std::string project;              // [suite] project; empty: detected
  std::map<std::string, std::string> env;  // [suite] env, under each benchmark's own
  std::vector<BenchmarkSpec> benchmarks;
};

// Reads a suite from `text`, named `path` in messages. Throws InputError naming the file, line
// and column for a syntax error, an unknown key in [suite] or [[benchmark]], a value of the wrong
// type, a duplicate benchmark name or a suite without benchmarks. Other top-level tables
// ([[threshold]], [[slo]]) belong to other readers and are left alone.
Suite parse_suite(std::string_view text, const std::filesystem::path& path);

// Reads the suite file at `path`; throws InputError when it cannot be read or parsed.
Suite load_suite(const std::filesystem::path& path);

// Splits a command line into words: whitespace separates, '...' and "..." group (a backslash
// escapes the next character outside single quotes); nothing is expanded. Throws InputError
// naming `where` for an unclosed quote.
std::vector<std::string> split_words(std::string_view text, const std::string& where);

}  // namespace perfwatch::runner
