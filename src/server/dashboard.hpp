// The results server's live dashboard: the pages of `perfwatch report --out` for each project,
// written by the same site writer from the server's database and served under
// /dashboard/PROJECT/. A page asked for after the project changed is written anew (at most once
// per refresh interval), and every served page polls the project's version so that a reader
// sees a "new results" bar when more arrived.
//
//   GET /                                   redirects to /dashboard/
//   GET /dashboard/                         the projects anyone may read, with links
//   GET /dashboard/P/PATH                   a file of project P's site (index.html by default)
//   GET /dashboard/P/version                {"version": "..."}, changes when P's data changes
//   GET /dashboard/live.js                  the script the served pages poll with
//
// A project is readable as through the API: public read, or a token with read scope, sent as
// "Authorization: Bearer TOKEN" or, from a browser, as the password of HTTP Basic auth.
#pragma once

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "report/site_writer.hpp"
#include "server/store.hpp"

namespace perfwatch::server {

// Writes one project's site (report::write_site) from wherever the server keeps its data.
using SiteWriter =
    std::function<void(const std::filesystem::path& out, const report::SiteOptions& options)>;
// On the DuckDB file: a connection of the dashboard's own, beside the API's.
SiteWriter duckdb_site_writer(Database& database);
// On PostgreSQL: the project is copied into an in-memory DuckDB database first
// (store/postgres_mirror.hpp), since the site writer speaks DuckDB's SQL.
SiteWriter postgres_site_writer(std::string url);

struct DashboardOptions {
  std::filesystem::path folder;  // where the sites are written, one folder per project
  std::chrono::milliseconds refresh{5000};
  std::string title = "perfwatch";
};

class Dashboard {
 public:
  // Tokens, versions and the project list are read on the store's sessions.
  Dashboard(Store& store, SiteWriter write_site, DashboardOptions options);
  void install(httplib::Server& http);

 private:
  struct Site {
    std::mutex mutex;     // held while the site is written
    std::string version;  // of the data the written site shows; empty before the first
    std::chrono::steady_clock::time_point written;
  };

  std::string version_of(int64_t project_id);
  // Writes project `slug`'s site anew when its data changed and the last one is older than the
  // refresh interval (or there is none); returns the version the site on disk shows.
  std::string fresh_site(const std::string& slug, int64_t project_id);
  Site& site(const std::string& slug);

  Store& store_;
  SiteWriter write_site_;
  DashboardOptions options_;
  std::mutex sites_mutex_;
  std::map<std::string, std::unique_ptr<Site>> sites_;
};

}  // namespace perfwatch::server
