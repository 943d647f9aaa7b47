#include "cli/store_session.hpp"

#include "store/duckdb_report_store.hpp"
#include "store/postgres_mirror.hpp"
#include "store/thresholds.hpp"

namespace perfwatch::cli {

StoreSession::StoreSession(const GlobalOptions& global, const std::string& postgres_url,
                           AccessMode mode) {
  if (postgres_url.empty()) {
    database_ = open_database(global, mode);
    name_ = global.db_path;
    return;
  }
  pool_ = pg::Pool::open(postgres_url);
  lease_ = std::unique_ptr<pg::Pool::Lease>(new pg::Pool::Lease(pool_->lease()));
  name_ = "the PostgreSQL database";
}

void StoreSession::leave_open_until_exit(std::unique_ptr<StoreSession> session) {
  if (auto* file = session->duckdb(); file != nullptr && file->checkpoint_for_exit()) {
    static_cast<void>(session.release());  // on purpose: never freed
  }
}

db::Session& StoreSession::session() {
  if (database_) return database_->connection();
  return **lease_;
}

ReportStore& StoreSession::report_store() {
  if (!report_store_) {
    if (database_) {
      report_store_ = std::make_unique<DuckdbReportStore>(database_->connection());
    } else {
      report_store_ = std::make_unique<PostgresReportStore>(**lease_, known_ids_);
    }
  }
  return *report_store_;
}

std::unique_ptr<Database> mirror_of_project(const std::string& postgres_url, ReportFilter& filter) {
  const auto pool = pg::Pool::open(postgres_url);  // refuses a foreign or newer database
  auto source = pool->lease();
  filter.project = store::project_or_only(*source, filter.project);
  check_filter(*source, filter, "the PostgreSQL database");
  return pg::mirror_project(*source, filter.project);
}

}  // namespace perfwatch::cli
