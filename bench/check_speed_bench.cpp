// Speed of `perfwatch check` on a large history: a database of B benchmarks (default 10,000),
// each with a value in every one of R reports (default 1,000) of one branch and testbed, is
// generated with INSERT ... SELECT over range() (10 M metric rows in seconds), then the newest
// report is checked as the command does it (open, check_report, store_alerts in a transaction),
// each run in a fresh child process. Target: under 5 s for 10,000 x 1,000.
//
//   check_speed_bench [--benchmarks=10000] [--reports=1000] [--runs=3]
#include <fmt/format.h>

#include <iostream>

#include "bench_support.hpp"
#include "detect/stored_check.hpp"
#include "store/database.hpp"

namespace {

void generate(const std::string& path, uint64_t benchmarks, uint64_t reports) {
  auto database = perfwatch::Database::open({path, perfwatch::AccessMode::read_write});
  auto& connection = database->connection();
  connection.execute("BEGIN TRANSACTION");
  connection.execute(
      "INSERT INTO project VALUES (1, 'speed', 'speed'); "
      "INSERT INTO branch (id, project, name) VALUES (1, 1, 'main'); "
      "INSERT INTO testbed (id, project, name) VALUES (1, 1, 'ci'); "
      "INSERT INTO measure VALUES (1, 1, 'latency', 'ns', 'lower_is_better')");
  connection.execute(fmt::format(
      "INSERT INTO benchmark SELECT i, 1, 'bench_' || i, '{{}}' FROM range(1, {} + 1) t(i)",
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
  // Values around 100 * b with +/-3% uniform noise from a hash, so every run sees the same data.
  connection.execute(fmt::format(
      "INSERT INTO metric SELECT ('00000000-0000-4000-8000-' || lpad(r::VARCHAR, 12, '0'))::UUID, "
      "b, 1, 100.0 * b * (0.97 + 0.06 * (hash(r * {0} + b) % 1000000) / 1000000.0), "
      "NULL, NULL, 1, NULL FROM range(1, {1} + 1) t(r), range(1, {0} + 1) u(b)",
      benchmarks, reports));
  connection.execute("COMMIT");
}

}  // namespace

int main(int argc, char** argv) try {
  perfwatch::bench::Flags flags(argc, argv);
  const auto benchmarks = flags.number("benchmarks", 10'000);
  const auto reports = flags.number("reports", 1'000);
  const auto runs = flags.number("runs", 3);
  flags.reject_unknown("--benchmarks=N --reports=N --runs=N");

  perfwatch::bench::TempDir folder;
  const auto path = (folder / "history.duckdb").string();
  perfwatch::bench::Stopwatch stopwatch;
  generate(path, benchmarks, reports);
  std::cout << fmt::format("generated {} benchmarks x {} reports = {} metrics in {:.1f} s\n",
                           benchmarks, reports, benchmarks * reports, stopwatch.seconds());
  const auto newest = fmt::format("00000000-0000-4000-8000-{:012}", reports);

  std::vector<double> totals, checks;
  for (uint64_t run = 0; run < runs; ++run) {
    const auto figures = perfwatch::bench::run_in_child([&] {
      perfwatch::bench::Stopwatch total;
      auto database = perfwatch::Database::open({path, perfwatch::AccessMode::read_write});
      auto& connection = database->connection();
      perfwatch::bench::Stopwatch check;
      const auto result = perfwatch::detect::check_report(connection, newest);
      const double check_seconds = check.seconds();
      connection.execute("BEGIN TRANSACTION");
      perfwatch::detect::store_alerts(connection, result);
      connection.execute("COMMIT");
      if (result.verdicts.size() != benchmarks ||
          result.count(perfwatch::detect::Status::unknown) != 0) {
        throw std::runtime_error("the check did not judge every benchmark");
      }
      return std::vector<double>{total.seconds(), check_seconds,
                                 static_cast<double>(result.count(perfwatch::detect::Status::red))};
    });
    totals.push_back(figures[0]);
    checks.push_back(figures[1]);
    if (run == 0) std::cout << fmt::format("{} red verdicts\n", figures[2]);
  }
  const auto total = perfwatch::bench::spread(totals);
  const auto check = perfwatch::bench::spread(checks);
  std::cout << fmt::format(
      "check of the newest report: total (open + check + alerts) min {:.2f} s, median {:.2f} s; "
      "check_report alone min {:.2f} s, median {:.2f} s\n",
      total.min, total.median, check.min, check.median);
  return 0;
} catch (const std::exception& error) {
  std::cerr << "check_speed_bench: " << error.what() << "\n";
  return 2;
}
