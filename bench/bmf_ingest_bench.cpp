// Ingest of a large BMF file end to end: the perfwatch binary itself (`perfwatch --db FILE
// ingest INPUT`, a fresh database: process start, opening, hash, parse, store, COMMIT, close;
// then the same file as the next commit's results, into that database, which knows its
// benchmarks and measures already, as CI meets it after its first run), then the same steps in this
// process, timed one by one (read -> SHA-256 -> parse -> ReportStore
// -> COMMIT), the parse alone, and DuckDB's C API appending the same rows with nothing else to
// do. Each run is a fresh child process writing a fresh database file, so its peak RSS is its
// own.
//   bmf_ingest_bench [--benchmarks=250000] [--measures=4] [--runs=3] [--perfwatch=PATH]
// (the binary defaults to the build folder's, next to bench/).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "adapters/adapter.hpp"
#include "bench_support.hpp"
#include "bmf_generator.hpp"
#include "core/sha256.hpp"
#include "raw_appender.hpp"
#include "store/database.hpp"
#include "store/duckdb_report_store.hpp"

namespace perfwatch::bench {
namespace {

ReportContext bench_context(const std::string& source) {
  ReportContext context;
  context.project = "bench";
  context.branch = "main";
  context.testbed = "bench-machine";
  context.git.commit = "0123456789abcdef0123456789abcdef01234567";
  context.source = source;
  context.adapter = "bmf";
  return context;
}

// Counts what an adapter hands over, keeping nothing.
class CountingSink final : public MetricSink {
 public:
  void add(const MetricRecord& metric) override {
    ++count;
    checksum += metric.value;
  }
  void set_tool_version(std::string_view) override {}
  uint64_t count = 0;
  double checksum = 0;
};

// Phases of one ingest, in seconds, then its peak RSS in bytes.
enum IngestFigure { kTotal, kRead, kHash, kParseAppend, kCommit, kClose, kIngestRss };

std::vector<double> measure_ingest(const std::string& input_path, const std::string& db_path,
                                   uint64_t metrics) {
  auto database = Database::open({db_path});
  database->use_one_thread();  // as perfwatch ingest does
  std::vector<double> figures(kIngestRss + 1);
  Stopwatch total;
  Stopwatch phase;
  const InputFile input = read_input_file(input_path);
  figures[kRead] = phase.seconds();
  phase.restart();
  const auto hash = sha256_hex(input.text);
  figures[kHash] = phase.seconds();
  phase.restart();
  {
    // The phases split where the parse returns: the rest is the flush of the appenders and
    // the COMMIT.
    const auto context = bench_context(input.name);
    DuckdbReportStore store(database->connection());
    store.store({&context, hash, [&](MetricSink& sink) {
                   find_adapter("bmf")->parse(input, sink);
                   figures[kParseAppend] = phase.seconds();
                   phase.restart();
                 }});
    figures[kCommit] = phase.seconds();
  }
  figures[kTotal] = total.seconds();
  const auto stored = database->connection()
                          .query(
                              "SELECT count(*) FROM metric JOIN report ON report.id = "
                              "metric.report")
                          .int64(0, 0);
  if (stored != static_cast<int64_t>(metrics)) {
    throw std::runtime_error(fmt::format("stored {} metrics, expected {}", stored, metrics));
  }
  phase.restart();
  database.reset();
  figures[kClose] = phase.seconds();
  figures[kIngestRss] = static_cast<double>(peak_rss_bytes());
  return figures;
}

// Runs `perfwatch --db DB ingest --commit COMMIT INPUT` (its output to /dev/null) and returns
// its wall seconds, CPU seconds (user + system) and peak RSS in bytes.
std::vector<double> measure_perfwatch_ingest(const std::string& perfwatch,
                                             const std::string& input_path,
                                             const std::string& db_path,
                                             const std::string& commit) {
  std::vector<std::string> args{perfwatch,  "--db",     db_path,   "ingest",    "--project",
                                "bench",    "--branch", "main",    "--testbed", "bench-machine",
                                "--commit", commit,     input_path};
  const auto run = run_program(std::move(args));
  return {run.wall_s, run.cpu_s, run.peak_rss_bytes};
}

// Seconds to read and parse into a sink that keeps nothing, then peak RSS.
std::vector<double> measure_parse(const std::string& input_path, uint64_t metrics) {
  Stopwatch clock;
  const InputFile input = read_input_file(input_path);
  CountingSink sink;
  find_adapter("bmf")->parse(input, sink);
  const double seconds = clock.seconds();
  if (sink.count != metrics) {
    throw std::runtime_error(fmt::format("parsed {} metrics, expected {}", sink.count, metrics));
  }
  return {seconds, static_cast<double>(peak_rss_bytes())};
}

std::vector<double> measure_raw(const std::string& db_path, uint64_t benchmarks, uint64_t measures,
                                RawAppendStyle style) {
  Database::open({db_path});  // the same schema perfwatch writes into
  const auto seconds = raw_append(db_path, benchmarks, measures, style);
  return {seconds.benchmarks + seconds.metrics + seconds.commit,
          static_cast<double>(peak_rss_bytes()), seconds.benchmarks, seconds.metrics,
          seconds.commit};
}

std::string rate_line(std::string_view label, uint64_t count, std::string_view what, double seconds,
                      double rss) {
  return fmt::format("{}: {} {} in {:.3f} s = {:.2f} M {}/s, peak RSS {:.0f} MiB", label, count,
                     what, seconds, count / seconds / 1e6, what, rss / kMiB);
}

int run(int argc, char** argv) {
  Flags flags(argc, argv);
  const auto benchmarks = flags.number("benchmarks", 250'000);
  const auto measures = flags.number("measures", kBmfMeasuresPerBenchmark);
  const auto runs = flags.number("runs", 3);
  auto perfwatch = flags.text("perfwatch");
  flags.reject_unknown("--benchmarks=N, --measures=N, --runs=N, --perfwatch=PATH");
  const auto metrics = benchmarks * measures;
  if (perfwatch.empty()) {
    perfwatch =
        (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "perfwatch")
            .string();
  }
  if (access(perfwatch.c_str(), X_OK) != 0) {
    std::cerr << "bmf_ingest_bench: --perfwatch: " << perfwatch << " is not an executable\n";
    return 2;
  }
  unsetenv("PERFWATCH_POSTGRES");  // the binary must write the DuckDB file it is given

  std::cout << fmt::format("fresh memory first touch: {:.0f} MB/s\n", fresh_memory_mb_per_s());
  TempDir dir;
  const auto input_path = (dir / "input.bmf.json").string();
  {
    const auto text = bmf_document(benchmarks, measures);
    write_file(input_path, text);
    std::cout << fmt::format("bmf input: {} benchmarks x {} measures = {} metrics, {:.1f} MiB\n",
                             benchmarks, measures, metrics, text.size() / kMiB);
  }

  std::vector<double> perfwatch_rates, perfwatch_cpu, perfwatch_rss, next_commit_rates,
      ingest_rates, parse_rates, raw_value_rates, raw_chunk_rates, ratios, ingest_rss;
  for (uint64_t run = 1; run <= runs; ++run) {
    const auto path = [&](std::string_view kind) {
      return (dir / fmt::format("run{}-{}.duckdb", run, kind)).string();
    };
    const auto binary = measure_perfwatch_ingest(perfwatch, input_path, path("perfwatch"),
                                                 "0123456789abcdef0123456789abcdef01234567");
    const auto next = measure_perfwatch_ingest(perfwatch, input_path, path("perfwatch"),
                                               "89abcdef0123456789abcdef0123456789abcdef");
    const auto ingest =
        run_in_child([&] { return measure_ingest(input_path, path("ingest"), metrics); });
    const auto parse = run_in_child([&] { return measure_parse(input_path, metrics); });
    const auto raw_value = run_in_child([&] {
      return measure_raw(path("raw-value"), benchmarks, measures, RawAppendStyle::per_value);
    });
    const auto raw_chunk = run_in_child([&] {
      return measure_raw(path("raw-chunk"), benchmarks, measures, RawAppendStyle::data_chunk);
    });

    std::cout << fmt::format("run {}/{}\n", run, runs);
    std::cout << "  " << rate_line("perfwatch_ingest", metrics, "metrics", binary[0], binary[2])
              << fmt::format(" (the binary, wall; CPU user+sys {:.3f} s)\n", binary[1]);
    std::cout << "  "
              << rate_line("perfwatch_ingest_next_commit", metrics, "metrics", next[0], next[2])
              << fmt::format(" (into the database above; CPU user+sys {:.3f} s)\n", next[1]);
    std::cout << "  "
              << rate_line("bmf_ingest", metrics, "metrics", ingest[kTotal], ingest[kIngestRss])
              << fmt::format(
                     " (read {:.3f} s, sha256 {:.3f} s, parse+append {:.3f} s, commit {:.3f} s; "
                     "then close {:.3f} s)\n",
                     ingest[kRead], ingest[kHash], ingest[kParseAppend], ingest[kCommit],
                     ingest[kClose]);
    std::cout << "  " << rate_line("bmf_parse", metrics, "metrics", parse[0], parse[1])
              << " (read + parse into a counting sink)\n";
    for (const auto& [label, raw] : {std::pair{"raw_appender_per_value", &raw_value},
                                     std::pair{"raw_appender_data_chunk", &raw_chunk}}) {
      std::cout << "  " << rate_line(label, metrics, "rows", (*raw)[0], (*raw)[1])
                << fmt::format(
                       " (benchmark rows {:.3f} s, metric rows {:.3f} s, commit {:.3f} s)\n",
                       (*raw)[2], (*raw)[3], (*raw)[4]);
    }
    perfwatch_rates.push_back(metrics / binary[0]);
    perfwatch_cpu.push_back(binary[1]);
    perfwatch_rss.push_back(binary[2]);
    next_commit_rates.push_back(metrics / next[0]);
    ingest_rates.push_back(metrics / ingest[kTotal]);
    ingest_rss.push_back(ingest[kIngestRss]);
    parse_rates.push_back(metrics / parse[0]);
    raw_value_rates.push_back(metrics / raw_value[0]);
    raw_chunk_rates.push_back(metrics / raw_chunk[0]);
    ratios.push_back(raw_chunk[0] / ingest[kTotal]);
  }

  auto summary = [&](std::string_view label, const std::vector<double>& rates,
                     std::string_view what) {
    const auto s = spread(rates);
    std::cout << fmt::format(
        "{}: {} {}, rate over {} runs: min {:.2f} M {}/s, median {:.2f} M {}/s\n", label, metrics,
        what, runs, s.min / 1e6, what, s.median / 1e6, what);
  };
  std::cout << "summary\n";
  summary("perfwatch_ingest", perfwatch_rates, "metrics");
  const auto binary_cpu = spread(perfwatch_cpu);
  const auto binary_rss = spread(perfwatch_rss);
  std::cout << fmt::format(
      "perfwatch_ingest CPU user+sys: min {:.3f} s, median {:.3f} s; peak RSS: min {:.0f} MiB, "
      "median {:.0f} MiB\n",
      binary_cpu.min, binary_cpu.median, binary_rss.min / kMiB, binary_rss.median / kMiB);
  summary("perfwatch_ingest_next_commit", next_commit_rates, "metrics");
  summary("bmf_ingest", ingest_rates, "metrics");
  const auto rss = spread(ingest_rss);
  std::cout << fmt::format("bmf_ingest peak RSS: min {:.0f} MiB, median {:.0f} MiB\n",
                           rss.min / kMiB, rss.median / kMiB);
  summary("bmf_parse", parse_rates, "metrics");
  summary("raw_appender_per_value", raw_value_rates, "rows");
  summary("raw_appender_data_chunk", raw_chunk_rates, "rows");
  const auto ratio = spread(ratios);
  std::cout << fmt::format(
      "bmf_ingest / raw_appender_data_chunk (same run): min {:.2f}, median {:.2f}\n", ratio.min,
      ratio.median);
  return 0;
}

}  // namespace
}  // namespace perfwatch::bench

int main(int argc, char** argv) {
  try {
    return perfwatch::bench::run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "bmf_ingest_bench: " << error.what() << "\n";
    return 3;
  }
}
