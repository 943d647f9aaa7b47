#include <fmt/format.h>
#include <pthread.h>
#include <sys/socket.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/command.hpp"
#include "cli/remote_command.hpp"
#include "core/error.hpp"
#include "server/api.hpp"
#include "server/dashboard.hpp"

namespace perfwatch::cli {
namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::size_t max_body_mib = 32;
  bool dashboard = true;
  std::string dashboard_dir;  // empty: a temporary folder, removed when the server stops
  double dashboard_refresh_s = 5;
  std::size_t threads = 64;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
};

// The folder the dashboard writes its sites into, and whether it is ours to remove at the end.
std::pair<std::filesystem::path, bool> dashboard_folder(const ServeOptions& options) {
  if (!options.dashboard_dir.empty()) return {options.dashboard_dir, false};
  auto pattern = (std::filesystem::temp_directory_path() / "perfwatch-dashboard-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot make a temporary folder for the dashboard: " + pattern);
  }
  return {pattern, true};
}

// Stops `http` at SIGTERM or SIGINT. The signals are blocked in every thread and taken by
// sigwait in this one, so that stopping is ordinary code rather than a signal handler, and a
// signal that comes before the server runs still stops it once it does.
std::thread stop_on_signal(httplib::Server& http) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return std::thread([&http, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    while (!http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    http.stop();
  });
}

int serve(const ServeOptions& options, const GlobalOptions& global) {
  std::unique_ptr<Database> database;
  std::unique_ptr<server::Store> store;
  if (options.postgres.empty()) {
    database = open_database(global, AccessMode::read_write);
    store = server::duckdb_store(*database);
  } else {
    store = server::postgres_store(options.postgres);
  }
  httplib::Server http;
  auto stopper = stop_on_signal(http);  // before any other thread starts
  // A connection kept alive holds one of the request threads while it is open.
  http.new_task_queue = [threads = options.threads] { return new httplib::ThreadPool(threads); };
  http.set_keep_alive_max_count(1000);
  // cpp-httplib 0.11 listens with a backlog of 5, compiled into the library: a burst of runners
  // connecting at once overflows it, and each refused one waits a second to try again. The
  // socket it made is kept here to listen again with a longer queue once it is bound.
  int listening = -1;
  http.set_socket_options([&listening](socket_t socket) {
    httplib::default_socket_options(socket);
    listening = socket;
  });
  server::Api api(*store, {.max_body_bytes = options.max_body_mib << 20}, run_for_client);
  api.install(http);
  std::unique_ptr<server::Dashboard> dashboard;
  std::pair<std::filesystem::path, bool> folder;
  if (options.dashboard) {
    folder = dashboard_folder(options);
    auto write_site = database ? server::duckdb_site_writer(*database)
                               : server::postgres_site_writer(options.postgres);
    dashboard = std::make_unique<server::Dashboard>(
        *store, std::move(write_site),
        server::DashboardOptions{
            folder.first,
            std::chrono::milliseconds(static_cast<int64_t>(options.dashboard_refresh_s * 1000)),
            "perfwatch"});
    dashboard->install(http);
  }
  const int port = options.port == 0
                       ? http.bind_to_any_port(options.host)
                       : (http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) {
    stopper.detach();  // left waiting for a signal; the process ends with the error
    throw InputError(
        fmt::format("--host/--port: cannot listen on {}:{}", options.host, options.port));
  }
  ::listen(listening, SOMAXCONN);
  // The URL may hold a password: it is not printed.
  const auto served = options.postgres.empty() ? global.db_path : "the PostgreSQL database";
  std::cout << fmt::format("perfwatch serve: {} on http://{}:{}/api/v1/", served, options.host,
                           port)
            << std::endl;  // flushed: scripts wait for this line
  if (dashboard) {
    std::cout << fmt::format("perfwatch serve: dashboard on http://{}:{}/dashboard/", options.host,
                             port)
              << std::endl;
  }
  http.listen_after_bind();
  stopper.join();
  if (folder.second) std::filesystem::remove_all(folder.first);
  return 0;
}

}  // namespace

Command add_serve_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<ServeOptions>();
  auto* parser = app.add_subcommand(
      "serve",
      "Serve the database to many runners and readers: an HTTP JSON API to submit reports, "
      "list and query results and alerts, and manage thresholds (see docs/server.md)");
  parser->add_option("--host", options->host, "Address to listen on")->capture_default_str();
  parser->add_option("--port", options->port, "Port to listen on; 0 picks a free one")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  parser->add_option("--max-body-mib", options->max_body_mib, "Largest submission accepted")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  parser->add_flag("!--no-dashboard", options->dashboard,
                   "Serve the API only, without the live dashboard under /dashboard/");
  parser->add_option("--dashboard-dir", options->dashboard_dir,
                     "Folder the dashboard writes its pages into (default: a temporary one)");
  parser
      ->add_option("--dashboard-refresh", options->dashboard_refresh_s,
                   "Seconds a project's pages are kept before changed data is written anew")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  parser
      ->add_option("--threads", options->threads,
                   "Request threads: connections served at once (each kept-alive one holds one)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  add_postgres_option(*parser, options->postgres);
  return {parser, [options, &global] { return serve(*options, global); }};
}

}  // namespace perfwatch::cli
