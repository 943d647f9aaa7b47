#include <fmt/format.h>
#include <pthread.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "server/api.hpp"

namespace perfwatch::cli {
namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::size_t max_body_mib = 32;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
};

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
  server::Api api(*store, {options.max_body_mib << 20});
  api.install(http);
  const int port = options.port == 0
                       ? http.bind_to_any_port(options.host)
                       : (http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) {
    stopper.detach();  // left waiting for a signal; the process ends with the error
    throw InputError(
        fmt::format("--host/--port: cannot listen on {}:{}", options.host, options.port));
  }
  // The URL may hold a password: it is not printed.
  const auto served = options.postgres.empty() ? global.db_path : "the PostgreSQL database";
  std::cout << fmt::format("perfwatch serve: {} on http://{}:{}/api/v1/", served, options.host,
                           port)
            << std::endl;  // flushed: scripts wait for this line
  http.listen_after_bind();
  stopper.join();
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
  add_postgres_option(*parser, options->postgres);
  return {parser, [options, &global] { return serve(*options, global); }};
}

}  // namespace perfwatch::cli
