// Mutation test of every adapter: real harness outputs (tests/fixtures) are damaged in seeded,
// repeatable ways (flipped bytes, cuts, numbers out of range, invalid UTF-8, lines doubled or
// dropped) and each damaged file must either be read or be refused as bad input: InputError in
// the adapter, exit 2 with one line naming the file from `perfwatch ingest`, never an internal
// error (exit 3) or a crash, and nothing left in the database by a refused file.
//
// A damaged file that fails this is written to mutation_failures/ in the working directory;
// copied into tests/fixtures/mutation_corpus/ it stays a regression test (CorpusIsRefusedCleanly).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

struct Seed {
  std::string adapter;
  std::string fixture;  // relative to tests/fixtures
};

// One real output per registered adapter (the registry's adapters must all appear here).
const std::vector<Seed>& seeds() {
  static const std::vector<Seed> list = {
      {"perfwatch_receipt", "harness_outputs/perfwatch_receipt.json"},
      {"google_benchmark_json", "harness_outputs/google_benchmark.json"},
      {"pytest_benchmark", "harness_outputs/pytest_benchmark.json"},
      {"hyperfine", "harness_outputs/hyperfine.json"},
      {"jmh", "jmh/six.json"},
      {"benchmarkdotnet", "benchmarkdotnet/two.json"},
      {"pyperf", "pyperf/track_memory.json"},
      {"bmf", "bmf/report_bmf_mixed.json"},
      {"google_benchmark_console", "harness_outputs/google_benchmark_console.txt"},
      {"go_bench", "harness_outputs/go_bench.txt"},
      {"criterion_text", "criterion/many.txt"},
      {"rust_libtest", "rust_libtest/many.txt"},
      {"iai_callgrind", "iai_callgrind/change.txt"},
      {"catch2_xml", "harness_outputs/catch2.xml"},
      {"catch2_console", "harness_outputs/catch2_console.txt"},
  };
  return list;
}

// Deterministic damage to a text; the same seed gives the same sequence of mutations.
class Mutator {
 public:
  explicit Mutator(std::uint32_t seed) : random_(seed) {}

  std::string mutate(std::string text) {
    if (text.empty()) return text;
    const auto kind = pick(8);
    switch (kind) {
      case 0:  // flip one bit
        text[position(text)] ^= static_cast<char>(1u << pick(8));
        return text;
      case 1:  // cut short
        return text.substr(0, position(text));
      case 2:  // a number no double holds
        return replace_number(std::move(text), pick(2) == 0 ? "-1e309" : "1e999");
      case 3:  // an integer past 64 bits
        return replace_number(std::move(text), "123456789012345678901234567890");
      case 4: {  // a byte that is not UTF-8 on its own, inside a name where possible
        const char* bad[] = {"\xff", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80"};
        text.insert(name_position(text), bad[pick(4)]);
        return text;
      }
      case 5:    // a line twice
      case 6: {  // a line dropped
        const auto lines = line_starts(text);
        const auto index = pick(lines.size());
        const auto begin = lines[index];
        const auto end = index + 1 < lines.size() ? lines[index + 1] : text.size();
        const std::string line = text.substr(begin, end - begin);
        return kind == 5 ? text.insert(begin, line) : text.erase(begin, end - begin);
      }
      default:  // a random byte inserted
        text.insert(text.begin() + static_cast<std::ptrdiff_t>(position(text)),
                    static_cast<char>(pick(256)));
        return text;
    }
  }

 private:
  std::size_t pick(std::size_t bound) {
    return std::uniform_int_distribution<std::size_t>(0, bound - 1)(random_);
  }
  std::size_t position(const std::string& text) { return pick(text.size()); }

  // Replaces a run of digits (with its sign, point and exponent) by `number`.
  std::string replace_number(std::string text, const std::string& number) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const bool digit = text[i] >= '0' && text[i] <= '9';
      const bool after_digit = i > 0 && ((text[i - 1] >= '0' && text[i - 1] <= '9') ||
                                         text[i - 1] == '.' || text[i - 1] == '-');
      if (digit && !after_digit) starts.push_back(i);
    }
    if (starts.empty()) return text;
    const auto start = starts[pick(starts.size())];
    auto end = start;
    while (end < text.size() &&
           std::string_view("0123456789.eE+-").find(text[end]) != std::string_view::npos) {
      ++end;
    }
    return text.replace(start, end - start, number);
  }

  // Just after a letter, where a benchmark's name most likely is.
  std::size_t name_position(const std::string& text) {
    for (int tries = 0; tries < 64; ++tries) {
      const auto at = position(text);
      if (std::isalpha(static_cast<unsigned char>(text[at]))) return at + 1;
    }
    return position(text);
  }

  static std::vector<std::size_t> line_starts(const std::string& text) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
      if (text[i] == '\n') starts.push_back(i + 1);
    }
    return starts;
  }

  std::mt19937 random_;
};

// Keeps a failing input where a developer finds it, and says where.
std::string keep_failure(const std::string& name, const std::string& text) {
  const auto folder = std::filesystem::current_path() / "mutation_failures";
  std::filesystem::create_directories(folder);
  const auto path = folder / name;
  testing::write_file(path, text);
  return path.string();
}

std::uint32_t seed_of(const std::string& name) {
  std::uint32_t hash = 2166136261u;  // FNV-1a, for a stable seed per fixture
  for (unsigned char c : name) hash = (hash ^ c) * 16777619u;
  return hash;
}

bool valid_utf8(const std::string& text) {
  return simdjson::validate_utf8(text.data(), text.size());
}

TEST(Mutation, EveryAdapterHasASeed) {
  std::set<std::string> seeded;
  for (const auto& seed : seeds()) seeded.insert(seed.adapter);
  for (const auto& adapter : all_adapters()) {
    EXPECT_TRUE(seeded.count(std::string(adapter->name())))
        << adapter->name() << " has no real output in the mutation test's seeds";
  }
}

TEST(Mutation, SeedsAreReadAsTheirFormat) {
  for (const auto& seed : seeds()) {
    const auto input = read_input_file(testing::fixture(seed.fixture).string());
    const Adapter* adapter = find_detected_adapter(input);
    ASSERT_NE(adapter, nullptr) << seed.fixture;
    EXPECT_EQ(adapter->name(), seed.adapter) << seed.fixture;
    testing::CollectingSink sink;
    adapter->parse(input, sink);
    EXPECT_FALSE(sink.metrics().empty()) << seed.fixture;
  }
}

// In process, many mutations per seed: the adapter the file names and whichever one detects the
// damaged file either read it, into names the database accepts (UTF-8), or throw InputError.
TEST(Mutation, AdaptersReadOrRefuseDamagedFiles) {
  constexpr int kMutationsPerSeed = 2000;
  int refused = 0, read = 0;
  for (const auto& seed : seeds()) {
    const auto original = testing::read_file(testing::fixture(seed.fixture));
    Mutator mutator(seed_of(seed.fixture));
    for (int i = 0; i < kMutationsPerSeed; ++i) {
      const InputFile input{"mutated", mutator.mutate(original)};
      std::vector<const Adapter*> readers{find_adapter(seed.adapter)};
      if (const Adapter* detected = find_detected_adapter(input)) readers.push_back(detected);
      for (const Adapter* adapter : readers) {
        testing::CollectingSink sink;
        const std::string where = std::string(adapter->name()) + " on mutation " +
                                  std::to_string(i) + " of " + seed.fixture;
        try {
          adapter->parse(input, sink);
          ++read;
        } catch (const InputError& error) {
          ++refused;
          EXPECT_NE(std::string(error.what()).find("mutated"), std::string::npos)
              << where << ": the message does not name the file: " << error.what();
          continue;
        } catch (const std::exception& error) {
          ADD_FAILURE() << where << ": " << error.what() << " (kept as "
                        << keep_failure(seed.adapter + "-" + std::to_string(i), input.text) << ")";
          continue;
        }
        for (const auto& metric : sink.metrics()) {
          EXPECT_TRUE(valid_utf8(metric.benchmark) && valid_utf8(metric.params_json))
              << where << ": a name that is not UTF-8 (kept as "
              << keep_failure(seed.adapter + "-" + std::to_string(i), input.text) << ")";
        }
      }
    }
  }
  // Both outcomes happen: the mutations are neither all harmless nor all fatal.
  EXPECT_GT(read, 0);
  EXPECT_GT(refused, 0);
}

// What `perfwatch ingest` makes of a file: stored (exit 0), or refused with exit 2 and one line
// that names it.
bool ingest_reads_or_refuses(const std::filesystem::path& db, const std::filesystem::path& file,
                             const std::string& what) {
  const auto result =
      testing::run_perfwatch({"--db", db.string(), "ingest", file.string(), "--project", "mutants",
                              "--branch", "main", "--testbed", "vm", "--commit", "abc"});
  if (result.exit_code == 0) return true;
  EXPECT_EQ(result.exit_code, 2) << what << ": " << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1)
      << what << ": " << result.err;
  EXPECT_NE(result.err.find(file.filename().string()), std::string::npos)
      << what << ": the message does not name the file: " << result.err;
  return false;
}

std::string report_count(const std::filesystem::path& db) {
  return testing::run_perfwatch({"--db", db.string(), "sql", "SELECT count(*) AS n FROM report"})
      .out;
}

// Through the binary, fewer mutations per seed: exit 0 or 2 with one line, and the database
// holds exactly the reports of the files that were read (one per distinct text: ingest skips a
// text it already stored), so a refused file left nothing behind.
TEST(Mutation, IngestStoresOrRefusesDamagedFiles) {
  constexpr int kMutationsPerSeed = 10;
  testing::ScratchDir dir;
  const auto db = dir / "mutants.duckdb";
  std::set<std::string> stored;
  for (const auto& seed : seeds()) {
    const auto original = testing::read_file(testing::fixture(seed.fixture));
    Mutator mutator(seed_of(seed.fixture) ^ 0x9e3779b9u);
    for (int i = 0; i < kMutationsPerSeed; ++i) {
      const auto text = mutator.mutate(original);
      const auto file = dir / ("mutant-" + std::filesystem::path(seed.fixture).filename().string());
      testing::write_file(file, text);
      const std::string what = "mutation " + std::to_string(i) + " of " + seed.fixture;
      if (ingest_reads_or_refuses(db, file, what)) {
        stored.insert(text);
      } else if (::testing::Test::HasFailure()) {
        ADD_FAILURE() << what << " kept as "
                      << keep_failure(seed.adapter + "-ingest-" + std::to_string(i), text);
        return;
      }
    }
  }
  EXPECT_EQ(report_count(db), "n\n" + std::to_string(stored.size()) + "\n");
}

// Inputs that once ended as internal errors or crashes: refused cleanly (or read) ever since.
TEST(Mutation, CorpusIsRefusedCleanly) {
  testing::ScratchDir dir;
  const auto db = dir / "corpus.duckdb";
  // A database holding one report already, so that "unchanged" means something.
  ASSERT_TRUE(ingest_reads_or_refuses(db, testing::fixture("jmh/six.json"), "jmh/six.json"));
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::fixture("mutation_corpus"))) {
    if (entry.path().filename() == "PROVENANCE.md") continue;
    ++files;
    const auto before = report_count(db);
    if (!ingest_reads_or_refuses(db, entry.path(), entry.path().filename().string())) {
      EXPECT_EQ(report_count(db), before) << entry.path();
    }
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace perfwatch
