// Speed of `perfwatch report --out`: a database of B benchmarks (default 1,000; four batch_size
// values of B/4 names) with a latency and its bounds in every one of R reports (default 1,000)
// of one branch and testbed is generated with INSERT ... SELECT over range(); then the site is
// written, each run in a fresh child process (open + write_site, as the command does it). Then,
// when the pinned node, playwright-core (npm ci) and chromium are there, bench/report_render.mjs
// times how long the index and one benchmark page take to render in headless chromium. Targets: the
// site in under 5 s, each page in under 1 s, for 1,000 x 1,000.
//
//   report_bench [--benchmarks=1000] [--reports=1000] [--runs=3]
#include <fmt/format.h>
#include <sys/resource.h>

#include <cstdlib>
#include <iostream>
#include <thread>

#include "bench_support.hpp"
#include "report/site_writer.hpp"
#include "store/database.hpp"

namespace {

// CPU time (user + system) this process has used so far, in seconds: a figure that a busy
// machine inflates less than wall time does.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void generate(const std::string& path, uint64_t benchmarks, uint64_t reports) {
  auto database = perfwatch::Database::open({path, perfwatch::AccessMode::read_write});
  auto& connection = database->connection();
  connection.execute("BEGIN TRANSACTION");
  connection.execute(
      "INSERT INTO project VALUES (1, 'speed', 'speed'); "
      "INSERT INTO branch (id, project, name) VALUES (1, 1, 'main'); "
      "INSERT INTO testbed (id, project, name) VALUES (1, 1, 'ci'); "
      "INSERT INTO measure VALUES (1, 1, 'latency', 'ns', 'lower_is_better')");
  connection.execute(
      fmt::format("INSERT INTO benchmark SELECT i, 1, 'model_' || ((i - 1) // 4), "
                  "'{{\"batch_size\":' || (1 << (2 * ((i - 1) % 4)))::VARCHAR || '}}' "
                  "FROM range(1, {} + 1) t(i)",
                  benchmarks));
  // Report i started i hours after a fixed time; its id is a UUID built from i.
  connection.execute(fmt::format(
      "INSERT INTO report (id, project, branch, testbed, commit_hash, dirty, started, ended, "
      "ingested, adapter, content_hash) SELECT "
      "('00000000-0000-4000-8000-' || lpad(i::VARCHAR, 12, '0'))::UUID, 1, 1, 1, "
      "md5(i::VARCHAR), false, TIMESTAMP '2026-01-01' + INTERVAL (i) HOUR, "
      "TIMESTAMP '2026-01-01' + INTERVAL (i) HOUR, TIMESTAMP '2026-01-01' + INTERVAL (i) HOUR, "
      "'bmf', md5(i::VARCHAR) FROM range(1, {} + 1) t(i)",
      reports));
  // Values around 100 * b with +/-3% noise from a hash, bounds 2% either side.
  connection.execute(fmt::format(
      "INSERT INTO metric SELECT report, b, 1, v, v * 0.98, v * 1.02, 10, NULL FROM ("
      "SELECT ('00000000-0000-4000-8000-' || lpad(r::VARCHAR, 12, '0'))::UUID AS report, b, "
      "100.0 * b * (0.97 + 0.06 * (hash(r * {0} + b) % 1000000) / 1000000.0) AS v "
      "FROM range(1, {1} + 1) t(r), range(1, {0} + 1) u(b))",
      benchmarks, reports));
  connection.execute("COMMIT");
}

}  // namespace

int main(int argc, char** argv) try {
  perfwatch::bench::Flags flags(argc, argv);
  const auto benchmarks = flags.number("benchmarks", 1'000);
  const auto reports = flags.number("reports", 1'000);
  const auto runs = flags.number("runs", 3);
  flags.reject_unknown("--benchmarks=N --reports=N --runs=N");

  perfwatch::bench::TempDir folder;
  const auto path = (folder / "history.duckdb").string();
  const auto site = folder / "site";
  perfwatch::bench::Stopwatch stopwatch;
  generate(path, benchmarks, reports);
  std::cout << fmt::format("generated {} benchmarks x {} reports = {} metrics in {:.1f} s\n",
                           benchmarks, reports, benchmarks * reports, stopwatch.seconds());

  std::vector<double> seconds, cpu;
  for (uint64_t run = 0; run < runs; ++run) {
    const auto figures = perfwatch::bench::run_in_child([&] {
      perfwatch::bench::Stopwatch total;
      const double cpu_before = cpu_seconds();
      auto database = perfwatch::Database::open({path, perfwatch::AccessMode::read_only});
      const auto summary = perfwatch::report::write_site(database->connection(), site, {});
      if (summary.series != benchmarks || summary.reports != reports) {
        throw std::runtime_error("the site does not hold every series and report");
      }
      return std::vector<double>{total.seconds(), static_cast<double>(summary.files),
                                 static_cast<double>(perfwatch::bench::peak_rss_bytes()),
                                 cpu_seconds() - cpu_before};
    });
    seconds.push_back(figures[0]);
    cpu.push_back(figures[3]);
    if (run == 0) {
      std::cout << fmt::format("{} files, peak RSS {:.0f} MiB\n", figures[1],
                               figures[2] / (1 << 20));
    }
  }
  uint64_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(site)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  const auto spread = perfwatch::bench::spread(seconds);
  const auto cpu_spread = perfwatch::bench::spread(cpu);
  double load[1] = {0};
  getloadavg(load, 1);
  std::cout << fmt::format(
      "site written (open + write_site): wall min {:.2f} s, median {:.2f} s; CPU (all threads) "
      "min {:.2f} s, median {:.2f} s; {:.1f} MB on disk; {} cores, load average {:.1f}\n",
      spread.min, spread.median, cpu_spread.min, cpu_spread.median, bytes / 1e6,
      std::thread::hardware_concurrency(), load[0]);

  // Rendering in chromium, when the end-to-end test's tools are installed.
  const auto script = std::string(PERFWATCH_SOURCE_DIR) + "/bench/report_render.mjs";
  const auto node = std::string(PERFWATCH_SOURCE_DIR) + "/node_modules/.bin/node";
  const auto command = fmt::format("'{}' '{}' '{}' {}", node, script, site.string(), runs);
  const int status = std::system(command.c_str());
  if (status != 0)
    std::cout << "rendering not measured (node, playwright-core or chromium missing)\n";
  return 0;
} catch (const std::exception& error) {
  std::cerr << "report_bench: " << error.what() << "\n";
  return 2;
}
