// Load on the results server: starts `perfwatch serve` on a fresh database (loopback, a free
// port), then `--clients` threads each submit small reports (one benchmark, two measures; every
// one different) over keep-alive connections for `--seconds`. Prints submissions per second
// (overall and in the slowest whole second), errors (any answer but 201, by kind), and the
// latency percentiles the clients saw. Target: 2,000 submissions/s for 60 s with no errors and
// p99 under 50 ms, on DuckDB. `--readers` more threads meanwhile list the project's branches
// (GET), to show how long a read waits while the writer stores. With --postgres=URL the server
// stores into that PostgreSQL database instead (an empty one, e.g. from scripts/postgres), and
// --servers=N runs N servers over it, client i submitting to server i mod N (scaling out). On
// PostgreSQL it then counts the reports and metrics the database holds: each 201 answer must be
// one report with its two metrics, none lost and none stored twice.
//
// --runs=N repeats the whole load N times, each run on fresh servers and a project of its own.
//
//   server_load_bench [--seconds=60] [--clients=32] [--readers=0] [--postgres=URL] [--servers=1]
//                     [--runs=1]
#include <fmt/format.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "store/named_rows.hpp"
#include "store/postgres.hpp"

namespace {

// Runs perfwatch with `args`; returns its pid and a stream of its stdout.
std::pair<pid_t, FILE*> start(const std::vector<std::string>& args) {
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_ends[1], STDOUT_FILENO);
    close(pipe_ends[0]);
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_ends[1]);
  return {pid, fdopen(pipe_ends[0], "r")};
}

std::string first_line(FILE* out) {
  char line[512] = {};
  if (!fgets(line, sizeof line, out)) throw std::runtime_error("perfwatch printed nothing");
  return std::string(line);
}

std::string bmf(std::size_t client, std::size_t index) {
  return fmt::format(
      R"({{"parse": {{"latency": {{"value": {}}}, "throughput": {{"value": {}}}}}}})",
      100 + (index % 7), 1000 + client);
}

struct LoadSettings {
  double seconds = 60;
  std::size_t clients = 32;
  std::size_t readers = 0;
  std::string postgres;
  std::size_t servers = 1;
};

// One run of the load into project `project` on fresh servers (and, on DuckDB, a fresh file):
// prints its figures; true when every request was answered as expected and, on PostgreSQL, the
// database holds exactly what was answered.
bool run_load(const LoadSettings& settings, const std::string& project) {
  const double seconds = settings.seconds;
  const std::size_t clients = settings.clients, readers = settings.readers,
                    servers = settings.servers;
  const std::string& postgres = settings.postgres;
  perfwatch::bench::TempDir dir;
  const std::string binary = PERFWATCH_BINARY;
  // perfwatch's arguments that run `subcommand` on the store under test.
  const auto on_store = [&](std::vector<std::string> subcommand) {
    if (!postgres.empty()) {
      subcommand.insert(subcommand.end(), {"--postgres", postgres});
    } else {
      subcommand.insert(subcommand.begin(), {"--db", (dir / "server.duckdb").string()});
    }
    subcommand.insert(subcommand.begin(), binary);
    return subcommand;
  };

  auto [token_pid, token_out] = start(on_store({"token", "add", "--project", project}));
  auto token = first_line(token_out);
  token.pop_back();
  waitpid(token_pid, nullptr, 0);
  std::vector<pid_t> server_pids;
  std::vector<int> ports;
  for (std::size_t server = 0; server < servers; ++server) {
    auto [server_pid, server_out] = start(on_store({"serve", "--port", "0"}));
    const auto banner = first_line(server_out);
    server_pids.push_back(server_pid);
    ports.push_back(std::stoi(banner.substr(banner.rfind(':') + 1)));
  }

  std::atomic<bool> stop = false;
  std::mutex errors_mutex;
  std::map<std::string, uint64_t> errors;  // kind: count
  std::vector<std::vector<double>> latencies(clients);
  std::vector<std::vector<double>> read_latencies(readers);
  std::vector<std::vector<uint64_t>> done_in_second(clients);  // answers by whole second
  std::vector<std::thread> threads;
  perfwatch::bench::Stopwatch clock;
  for (std::size_t client = 0; client < clients; ++client) {
    threads.emplace_back([&, client] {
      httplib::Client http("127.0.0.1", ports[client % servers]);
      http.set_keep_alive(true);
      http.set_tcp_nodelay(true);
      const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
      for (std::size_t i = 0; !stop; ++i) {
        const nlohmann::json body = {{"context",
                                      {{"project", project},
                                       {"branch", "main"},
                                       {"testbed", fmt::format("t{}", client)},
                                       {"commit", fmt::format("c{}", i)}}},
                                     {"content", bmf(client, i)}};
        perfwatch::bench::Stopwatch one;
        const auto response =
            http.Post("/api/v1/reports", headers, body.dump(), "application/json");
        latencies[client].push_back(one.seconds() * 1000);
        const auto second = static_cast<std::size_t>(clock.seconds());
        if (done_in_second[client].size() <= second) done_in_second[client].resize(second + 1);
        ++done_in_second[client][second];
        if (!response || response->status != 201) {
          std::lock_guard lock(errors_mutex);
          ++errors[response ? fmt::format("HTTP {}: {}", response->status, response->body)
                            : "no answer: " + httplib::to_string(response.error())];
        }
      }
    });
  }
  for (std::size_t reader = 0; reader < readers; ++reader) {
    threads.emplace_back([&, reader] {
      httplib::Client http("127.0.0.1", ports[reader % servers]);
      http.set_keep_alive(true);
      http.set_tcp_nodelay(true);
      const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
      while (!stop) {
        perfwatch::bench::Stopwatch one;
        const auto response = http.Get("/api/v1/projects/" + project + "/branches", headers);
        read_latencies[reader].push_back(one.seconds() * 1000);
        if (!response || response->status != 200) {
          std::lock_guard lock(errors_mutex);
          ++errors[response ? fmt::format("read HTTP {}", response->status) : "read: no answer"];
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& thread : threads) thread.join();
  const double elapsed = clock.seconds();
  for (const auto pid : server_pids) kill(pid, SIGTERM);
  for (const auto pid : server_pids) waitpid(pid, nullptr, 0);

  const auto sorted = [](const std::vector<std::vector<double>>& per_thread) {
    std::vector<double> all;
    for (const auto& some : per_thread) all.insert(all.end(), some.begin(), some.end());
    std::sort(all.begin(), all.end());
    return all;
  };
  const auto all = sorted(latencies);
  const auto reads = sorted(read_latencies);
  const auto percentile = [](const std::vector<double>& values, double p) {
    return values.empty()
               ? 0.0
               : values[std::min(values.size() - 1, static_cast<std::size_t>(p * values.size()))];
  };
  // Whole seconds only: the last one was cut short by the stop.
  std::vector<uint64_t> per_second(static_cast<std::size_t>(seconds));
  for (const auto& counts : done_in_second) {
    for (std::size_t second = 0; second < std::min(counts.size(), per_second.size()); ++second) {
      per_second[second] += counts[second];
    }
  }
  uint64_t error_count = 0;
  for (const auto& [kind, count] : errors) error_count += count;
  std::cout << fmt::format(
      "{}{}: {} submissions in {:.1f} s by {} clients: {:.0f}/s (slowest second {}), {} "
      "errors; latency ms p50 {:.2f}, p99 {:.2f}, max {:.2f}\n",
      postgres.empty() ? "DuckDB" : "PostgreSQL",
      servers > 1 ? fmt::format(", {} servers", servers) : "", all.size(), elapsed, clients,
      static_cast<double>(all.size()) / elapsed,
      per_second.empty() ? 0 : *std::min_element(per_second.begin(), per_second.end()), error_count,
      percentile(all, 0.5), percentile(all, 0.99), all.empty() ? 0.0 : all.back());
  if (readers > 0) {
    std::cout << fmt::format(
        "  {} reads by {} readers: {:.0f}/s; latency ms p50 {:.2f}, p99 {:.2f}\n", reads.size(),
        readers, static_cast<double>(reads.size()) / elapsed, percentile(reads, 0.5),
        percentile(reads, 0.99));
  }
  for (const auto& [kind, count] : errors) std::cout << fmt::format("  {} x {}\n", count, kind);
  bool counts_match = true;
  if (!postgres.empty()) {
    // Every submission was different: the database must hold one report (with its two
    // metrics) for each 201 answer.
    perfwatch::pg::Connection connection(postgres);
    const auto counted = perfwatch::db::query(
        connection,
        fmt::format("SELECT (SELECT count(*) FROM report r JOIN project p ON p.id = r.project "
                    "WHERE p.slug = '{0}') AS reports, (SELECT count(*) FROM metric x JOIN report "
                    "r ON r.id = x.report JOIN project p ON p.id = r.project WHERE p.slug = "
                    "'{0}') AS metrics",
                    project));
    const auto reports = static_cast<uint64_t>(counted.int64("reports", 0));
    const auto metrics = static_cast<uint64_t>(counted.int64("metrics", 0));
    const auto answered = all.size() - error_count;
    counts_match = reports == answered && metrics == 2 * answered;
    std::cout << fmt::format(
        "  count check: {} answered 201, the database holds {} reports and {} metrics: {}\n",
        answered, reports, metrics, counts_match ? "none lost, none twice" : "MISMATCH");
  }
  return error_count == 0 && counts_match;
}

}  // namespace

int main(int argc, char** argv) try {
  perfwatch::bench::Flags flags(argc, argv);
  LoadSettings settings;
  settings.seconds = static_cast<double>(flags.number("seconds", 60));
  settings.clients = flags.number("clients", 32);
  settings.readers = flags.number("readers", 0);
  settings.postgres = flags.text("postgres");
  settings.servers = flags.number("servers", 1);
  const auto runs = flags.number("runs", 1);
  flags.reject_unknown("--seconds=N --clients=N --readers=N --postgres=URL --servers=N --runs=N");
  if (settings.servers < 1 || (settings.servers > 1 && settings.postgres.empty())) {
    throw std::runtime_error(
        "--servers: 1, or more with --postgres (a DuckDB file has one writer)");
  }
  bool all_good = true;
  for (std::size_t run = 1; run <= runs; ++run) {
    // A project per run, so that each run's count check on PostgreSQL sees only its own.
    all_good = run_load(settings, runs == 1 ? "load" : fmt::format("load{}", run)) && all_good;
  }
  return all_good ? 0 : 1;
} catch (const std::exception& error) {
  std::cerr << "server_load_bench: " << error.what() << "\n";
  return 2;
}
