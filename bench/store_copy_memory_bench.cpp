// Peak memory and wall time of the commands that copy a whole store between DuckDB and
// PostgreSQL (issue 17), at two sizes of store, so that memory growing with the store shows:
// `perfwatch merge --postgres URL FILE.duckdb` (a DuckDB file staged into PostgreSQL) and
// `perfwatch export --postgres URL` (which reads the project through the PostgreSQL mirror,
// store/postgres_mirror.hpp, as `report --postgres`, `changes` and the dashboard do).
//
//   store_copy_memory_bench [--postgres=postgresql://USER@HOST:PORT/NAME] [--small=1000000]
//       [--large=3000000] [--runs=1] [--perfwatch=PATH] [--baseline=PATH]
//
// --postgres: a server where the bench may create and drop databases; each command gets a fresh
// database of its own, its name put in place of the URL's last part. Without it the bench starts
// a throwaway server of its own (scripts/postgres) and stops it at the end. --runs: the
// measurements repeated at each size, the binaries taking turns.
// --baseline: another perfwatch binary (e.g. one built before a change), measured alternately
// with --perfwatch (default: this build's) on the same files. Stores are made of reports of
// 100,000 metrics (25,000 BMF benchmarks x 4 measures) ingested with --perfwatch.
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "bmf_generator.hpp"
#include "store/postgres.hpp"
#include "store/postgres_mirror.hpp"

namespace perfwatch::bench {
namespace {

constexpr uint64_t kBenchmarksPerReport = 25'000;
constexpr uint64_t kMetricsPerReport = kBenchmarksPerReport * kBmfMeasuresPerBenchmark;

struct Figures {
  double wall_s = 0;
  double peak_rss_bytes = 0;
};

// Runs `args` (its standard output to /dev/null) and returns its wall time and peak RSS; throws
// when it fails.
Figures measure(std::vector<std::string> args) {
  const auto run = run_program(std::move(args));
  return {run.wall_s, run.peak_rss_bytes};
}

// A fresh database on the server of `server_url`, dropped when destroyed.
class ScratchPostgres {
 public:
  ScratchPostgres(const std::string& server_url, const std::string& name)
      : server_(server_url), name_(name) {
    server_.execute("DROP DATABASE IF EXISTS " + name_);
    server_.execute("CREATE DATABASE " + name_);
    url_ = server_url.substr(0, server_url.rfind('/') + 1) + name_;
  }
  ScratchPostgres(const ScratchPostgres&) = delete;
  ScratchPostgres& operator=(const ScratchPostgres&) = delete;
  ~ScratchPostgres() {
    try {
      server_.execute("DROP DATABASE IF EXISTS " + name_);
    } catch (const std::exception& failure) {
      std::cerr << "cannot drop " << name_ << ": " << failure.what() << "\n";
    }
  }
  const std::string& url() const { return url_; }

 private:
  pg::Connection server_;
  std::string name_;
  std::string url_;
};

// A throwaway PostgreSQL server (scripts/postgres) in `folder`, stopped when destroyed.
class ThrowawayServer {
 public:
  explicit ThrowawayServer(const std::filesystem::path& folder) : folder_(folder.string()) {
    measure({kPostgresScript, "start", folder_});
    std::ifstream file(folder / "url");
    std::getline(file, url_);
    if (url_.empty()) throw std::runtime_error("scripts/postgres start gave no URL");
  }
  ThrowawayServer(const ThrowawayServer&) = delete;
  ThrowawayServer& operator=(const ThrowawayServer&) = delete;
  ~ThrowawayServer() {
    try {
      measure({kPostgresScript, "stop", folder_});  // as root, this removes the cluster too
    } catch (const std::exception& failure) {
      std::cerr << failure.what() << "\n";
    }
  }
  const std::string& url() const { return url_; }

 private:
  static constexpr const char* kPostgresScript = PERFWATCH_SOURCE_DIR "/scripts/postgres";
  std::string folder_;
  std::string url_;
};

// A DuckDB store of `metrics` metrics (rounded up to whole reports), made with `perfwatch`.
std::string make_store(const std::string& perfwatch, const TempDir& dir, uint64_t metrics) {
  const auto input = dir / "report.json";
  write_file(input, bmf_document(kBenchmarksPerReport));
  const auto store = (dir / fmt::format("store-{}.duckdb", metrics)).string();
  const auto reports = (metrics + kMetricsPerReport - 1) / kMetricsPerReport;
  for (uint64_t report = 0; report < reports; ++report) {
    measure({perfwatch, "--db", store, "ingest", "--project", "bench", "--branch", "main",
             "--testbed", "bench-machine", "--commit", fmt::format("{:040x}", report + 1),
             input.string()});
  }
  return store;
}

// pg::mirror_project of this build alone, in a child process of its own: the mirror's share of
// `export --postgres`, whose query also needs memory of its own to sort the rows it writes.
Figures measure_mirror(const std::string& url, uint64_t metrics) {
  const auto figures = run_in_child([&] {
    Stopwatch clock;
    pg::Connection source(url);
    const auto mirror = pg::mirror_project(source, "bench");
    const auto rows = mirror->connection().query("SELECT count(*) FROM metric").int64(0, 0);
    return std::vector<double>{clock.seconds(), static_cast<double>(peak_rss_bytes()),
                               static_cast<double>(rows)};
  });
  if (figures.size() != 3 || figures[2] != static_cast<double>(metrics)) {
    throw std::runtime_error(fmt::format("the mirror holds {} metrics, not {}",
                                         figures.size() == 3 ? figures[2] : 0.0, metrics));
  }
  return {figures[0], figures[1]};
}

std::string line(const std::string& label, uint64_t metrics, const Figures& figures) {
  return fmt::format("  {:<28} {:>9} metrics  wall {:7.2f} s  peak RSS {:7.1f} MiB", label, metrics,
                     figures.wall_s, figures.peak_rss_bytes / kMiB);
}

}  // namespace
}  // namespace perfwatch::bench

int main(int argc, char** argv) {
  using namespace perfwatch::bench;
  Flags flags(argc, argv);
  auto server_url = flags.text("postgres");
  const auto small = flags.number("small", 1'000'000);
  const auto large = flags.number("large", 3'000'000);
  const auto runs = flags.number("runs", 1);
  auto perfwatch = flags.text("perfwatch");
  if (perfwatch.empty()) perfwatch = PERFWATCH_BINARY;
  const auto baseline = flags.text("baseline");
  flags.reject_unknown(
      "--postgres=URL --small=N --large=N --runs=N --perfwatch=PATH --baseline=PATH");
  std::vector<std::pair<std::string, std::string>> binaries = {{"perfwatch", perfwatch}};
  if (!baseline.empty()) binaries.insert(binaries.begin(), {"baseline", baseline});
  try {
    TempDir dir;
    std::unique_ptr<ThrowawayServer> own_server;
    if (server_url.empty()) {
      own_server = std::make_unique<ThrowawayServer>(dir / "postgres");
      server_url = own_server->url();
    }
    for (const auto metrics : {small, large}) {
      Stopwatch made;
      const auto store = make_store(perfwatch, dir, metrics);
      const auto stored = (metrics + kMetricsPerReport - 1) / kMetricsPerReport * kMetricsPerReport;
      std::cout << fmt::format("store of {} metrics ({} reports) made in {:.1f} s\n", stored,
                               stored / kMetricsPerReport, made.seconds());
      for (uint64_t run = 1; run <= runs; ++run) {
        for (const auto& [label, binary] : binaries) {
          const ScratchPostgres target(server_url, "perfwatch_copy_bench");
          const auto merged = measure({binary, "merge", store, "--postgres", target.url()});
          std::cout << line(label + " merge --postgres", stored, merged) << "\n";
          const auto exported = measure({binary, "export", "--postgres", target.url(), "--format",
                                         "csv", "--project", "bench"});
          std::cout << line(label + " export --postgres", stored, exported) << "\n";
          if (label == "perfwatch") {
            std::cout << line("this build's mirror_project", stored,
                              measure_mirror(target.url(), stored))
                      << "\n";
          }
        }
      }
      std::filesystem::remove(store);
    }
  } catch (const std::exception& failure) {
    std::cerr << failure.what() << "\n";
    return 1;
  }
  return 0;
}
