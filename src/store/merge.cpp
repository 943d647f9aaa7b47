#include "store/merge.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "core/error.hpp"
#include "store/listing.hpp"
#include "store/merge_staging.hpp"
#include "store/named_rows.hpp"
#include "store/postgres_report_store.hpp"
#include "store/schema.hpp"
#include "store/transaction.hpp"

namespace perfwatch {
namespace {

// A source database attached to a connection as `alias` (read-only), detached when destroyed.
// https://duckdb.org/docs/sql/statements/attach.html
class Attached {
 public:
  Attached(db::Connection& connection, const std::string& path, std::string alias)
      : connection_(connection), alias_(std::move(alias)) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      throw InputError(path + ": no such database file");
    }
    // DuckDB files carry "DUCK" at byte 8 (the main header's magic bytes).
    std::ifstream file(path, std::ios::binary);
    char header[12] = {};
    if (!file.read(header, sizeof header) || std::string_view(header + 8, 4) != "DUCK") {
      throw InputError(path + ": not a DuckDB database file; not merged");
    }
    try {
      connection_.execute("ATTACH " + sql_quote(path) + " AS " + alias_ + " (READ_ONLY)");
    } catch (const db::DatabaseError& failure) {
      const std::string message = failure.what();
      throw InputError(
          path + ": cannot open as a DuckDB database: " + message.substr(0, message.find('\n')));
    }
  }
  Attached(const Attached&) = delete;
  Attached& operator=(const Attached&) = delete;
  ~Attached() {
    try {
      connection_.execute("DETACH " + alias_);
    } catch (const db::DatabaseError&) {
      // The connection closes soon after and lets go of the file then.
    }
  }

 private:
  db::Connection& connection_;
  std::string alias_;
};

// Refuses a source that is not a perfwatch database at the current schema version.
void check_schema(db::Connection& connection, const std::string& path, const std::string& alias) {
  auto meta = connection.query(
      "SELECT count(*) FROM duckdb_tables() WHERE database_name = " + sql_quote(alias) +
      " AND schema_name = 'main' AND table_name = 'perfwatch_meta'");
  std::string format, version;
  if (meta.int64(0, 0) > 0) {
    auto values = connection.query(
        "SELECT max(CASE WHEN key = 'format' THEN value END), "
        "max(CASE WHEN key = 'schema_version' THEN value END) FROM " +
        alias + ".perfwatch_meta");
    format = values.text(0, 0).value_or("");
    version = values.text(1, 0).value_or("");
  }
  if (format != "perfwatch") throw InputError(path + ": not a perfwatch database; not merged");
  const auto current = std::to_string(current_schema_version());
  if (version != current) {
    throw InputError(path + ": perfwatch schema version " + version + ", this perfwatch merges " +
                     "version " + current + "; open it once with this perfwatch (e.g. " +
                     "`perfwatch --db FILE ls projects` on a copy) to migrate it, then merge");
  }
}

// The merge itself is one SQL text for both targets, over the source's tables named by `source`
// followed by the table's name: "source_0." for a DuckDB file attached to a DuckDB target,
// "merge_source_0_" for the temporary tables a PostgreSQL target received it in
// (store/merge_staging.hpp).

// The joins that map a source table's `project` column (alias `s`) to the target project `p`.
std::string to_target_project(const std::string& source) {
  return " JOIN " + source + "project sp ON sp.id = s.project JOIN project p ON p.slug = sp.slug";
}

// Inserts the rows of source table `table` whose natural key (project + key_columns) the target
// lacks, with new ids after the target's largest.
void insert_missing(db::Session& target, const std::string& source, const std::string& table,
                    const std::vector<std::string>& key_columns,
                    const std::vector<std::string>& other_columns) {
  std::string columns, values, key_match, order;
  for (const auto& column : key_columns) {
    key_match += " AND d." + column + " = s." + column;
    order += ", s." + column;
  }
  for (const auto* list : {&key_columns, &other_columns}) {
    for (const auto& column : *list) {
      columns += ", " + column;
      values += ", s." + column;
    }
  }
  target.execute("INSERT INTO " + table + " (id, project" + columns + ") SELECT " +
                 "(SELECT coalesce(max(id), 0) FROM " + table + ") + row_number() OVER " +
                 "(ORDER BY p.id" + order + "), p.id" + values + " FROM " + source + table + " s" +
                 to_target_project(source) + " WHERE NOT EXISTS (SELECT 1 FROM " + table +
                 " d WHERE d.project = p.id" + key_match + ")");
}

// An unknown direction conflicts with none: the target keeps its own (a database of an older
// perfwatch holds guessed directions where a newer one stores unknown).
void refuse_measure_conflicts(db::Session& target, const std::string& source,
                              const std::string& path) {
  const auto conflict = db::query(
      target,
      "SELECT p.slug AS project, s.slug AS measure, s.units AS source_units, s.direction AS "
      "source_direction, d.units AS units, d.direction AS direction FROM " +
          source + "measure s" + to_target_project(source) +
          " JOIN measure d ON d.project = p.id AND d.slug = s.slug "
          "WHERE d.units <> s.units OR (d.direction <> s.direction AND "
          "'unknown' NOT IN (d.direction, s.direction)) ORDER BY 1, 2 LIMIT 1");
  if (conflict.size() == 0) return;
  throw InputError(path + ": measure '" + conflict.text("measure", 0) + "' of project '" +
                   conflict.text("project", 0) + "' is " + conflict.text("source_units", 0) + ", " +
                   conflict.text("source_direction", 0) + " there but " +
                   conflict.text("units", 0) + ", " + conflict.text("direction", 0) +
                   " in the output; nothing was merged");
}

// Joins from a source row `x` with `benchmark` and `measure` columns to the target's ids.
std::string benchmark_and_measure_joins(const std::string& source) {
  return " JOIN " + source + "benchmark sb ON sb.id = x.benchmark JOIN " + source +
         "project sp ON sp.id = sb.project JOIN project p ON p.slug = sp.slug "
         "JOIN benchmark bd ON bd.project = p.id AND bd.name = sb.name AND bd.params = sb.params ";
}

int64_t count_of(db::Session& target, const std::string& sql) {
  return db::query(target, sql).int64("n", 0);
}

MergeResult merge_one(db::Session& target, const std::string& source, const std::string& path) {
  refuse_measure_conflicts(target, source, path);
  target.execute(
      "INSERT INTO project (id, slug, name) SELECT (SELECT coalesce(max(id), 0) FROM project) + "
      "row_number() OVER (ORDER BY s.slug), s.slug, s.name FROM " +
      source + "project s WHERE s.slug NOT IN (SELECT slug FROM project)");
  insert_missing(target, source, "branch", {"name"},
                 {"start_point_branch", "start_point_commit", "archived"});
  insert_missing(target, source, "testbed", {"name"}, {"fingerprint"});
  insert_missing(target, source, "benchmark", {"name", "params"}, {});
  insert_missing(target, source, "measure", {"slug"}, {"units", "direction"});

  // Counted, then metrics and samples copied, while "not yet in report" still tells the new
  // reports apart.
  const std::string is_new = " WHERE x.report NOT IN (SELECT id FROM report)";
  MergeResult result;
  result.metrics_added =
      count_of(target, "SELECT count(*) AS n FROM " + source + "metric x" + is_new);
  const auto source_reports = count_of(target, "SELECT count(*) AS n FROM " + source + "report");
  result.reports_added = count_of(target, "SELECT count(*) AS n FROM " + source +
                                              "report x WHERE x.id NOT IN (SELECT id FROM report)");
  result.reports_present = source_reports - result.reports_added;
  target.execute(
      "INSERT INTO metric (report, benchmark, measure, value, lower, upper, n, samples) "
      "SELECT x.report, bd.id, md.id, x.value, x.lower, x.upper, x.n, x.samples FROM " +
      source + "metric x" + benchmark_and_measure_joins(source) + "JOIN " + source +
      "measure sm ON sm.id = x.measure "
      "JOIN measure md ON md.project = p.id AND md.slug = sm.slug" +
      is_new);
  target.execute(
      "INSERT INTO resource_sample (report, benchmark, t_ms, cpu_percent, rss_bytes, "
      "gpu_util_percent, gpu_mem_bytes) SELECT x.report, bd.id, x.t_ms, x.cpu_percent, "
      "x.rss_bytes, x.gpu_util_percent, x.gpu_mem_bytes FROM " +
      source + "resource_sample x" + benchmark_and_measure_joins(source) + is_new);
  target.execute(
      "INSERT INTO gpu_sample (report, benchmark, t_ms, gpu_index, sm_clock_mhz, mem_clock_mhz, "
      "util_percent, mem_used_bytes, power_w, temperature_c, throttle_reasons, throttled) "
      "SELECT x.report, bd.id, x.t_ms, x.gpu_index, x.sm_clock_mhz, x.mem_clock_mhz, "
      "x.util_percent, x.mem_used_bytes, x.power_w, x.temperature_c, x.throttle_reasons, "
      "x.throttled FROM " +
      source + "gpu_sample x" + benchmark_and_measure_joins(source) + is_new);
  target.execute(
      "INSERT INTO run_failure (report, benchmark, run_index, exit_code, term_signal, timed_out, "
      "stderr_tail) SELECT x.report, bd.id, x.run_index, x.exit_code, x.term_signal, "
      "x.timed_out, x.stderr_tail FROM " +
      source + "run_failure x" + benchmark_and_measure_joins(source) + is_new);
  target.execute(
      "INSERT INTO report (id, project, branch, testbed, commit_hash, commit_time, author_time, "
      "dirty, started, ended, ingested, ci_provider, ci_run_id, ci_run_url, pr_number, "
      "base_branch, source, adapter, tool_version, profile, settings, testbed_fingerprint, "
      "content_hash) SELECT x.id, p.id, bd.id, td.id, x.commit_hash, x.commit_time, "
      "x.author_time, x.dirty, x.started, x.ended, x.ingested, x.ci_provider, x.ci_run_id, "
      "x.ci_run_url, x.pr_number, x.base_branch, x.source, x.adapter, x.tool_version, x.profile, "
      "x.settings, x.testbed_fingerprint, x.content_hash FROM " +
      source + "report x JOIN " + source +
      "project sp ON sp.id = x.project JOIN project p ON p.slug = sp.slug JOIN " + source +
      "branch sb ON sb.id = x.branch JOIN branch bd ON bd.project = p.id AND bd.name = sb.name "
      "JOIN " +
      source +
      "testbed st ON st.id = x.testbed JOIN testbed td ON td.project = p.id AND td.name = st.name "
      "WHERE x.id NOT IN (SELECT id FROM report)");
  // A/B sessions (store/ab_sessions.hpp): their verdicts while the session is new, then the row.
  target.execute("INSERT INTO ab_verdict SELECT * FROM " + source +
                 "ab_verdict WHERE session NOT IN (SELECT id FROM ab_session)");
  target.execute("INSERT INTO ab_session SELECT * FROM " + source +
                 "ab_session WHERE id NOT IN (SELECT id FROM ab_session)");
  return result;
}

// After all sources: a testbed's fingerprint becomes that of its newest report.
void update_testbed_fingerprints(db::Session& target) {
  target.execute(
      "UPDATE testbed SET fingerprint = newest.fingerprint FROM (SELECT DISTINCT ON (testbed) "
      "testbed, testbed_fingerprint AS fingerprint FROM report ORDER BY testbed, started DESC) "
      "newest WHERE testbed.id = newest.testbed AND testbed.fingerprint <> newest.fingerprint");
}

// An in-memory DuckDB database, closed when destroyed.
class ScratchDatabase {
 public:
  ScratchDatabase() {
    if (duckdb_open(nullptr, &database_) == DuckDBError) {
      throw db::DatabaseError("cannot open an in-memory database");
    }
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  ~ScratchDatabase() { duckdb_close(&database_); }
  duckdb_database raw() const { return database_; }

 private:
  duckdb_database database_ = nullptr;
};

}  // namespace

void check_merge_sources(const std::vector<std::string>& sources) {
  const ScratchDatabase scratch;
  db::Connection connection(scratch.raw());
  for (const auto& path : sources) {
    const Attached attached(connection, path, "source");
    check_schema(connection, path, "source");
  }
}

MergeResult merge_databases(Database& target, const std::vector<std::string>& sources) {
  auto& connection = target.connection();
  std::vector<std::unique_ptr<Attached>> attached;
  for (std::size_t index = 0; index < sources.size(); ++index) {
    const auto alias = "source_" + std::to_string(index);
    attached.push_back(std::make_unique<Attached>(connection, sources[index], alias));
    check_schema(connection, sources[index], alias);
  }
  MergeResult total;
  db::Transaction transaction(connection);
  for (std::size_t index = 0; index < sources.size(); ++index) {
    total += merge_one(connection, "source_" + std::to_string(index) + ".", sources[index]);
  }
  update_testbed_fingerprints(connection);
  transaction.commit();
  return total;
}

MergeResult merge_into_postgres(pg::Connection& target, const std::vector<std::string>& sources) {
  const ScratchDatabase scratch;
  db::Connection reader(scratch.raw());
  // The sources are only read, a chunk at a time (store/merge_staging.hpp): DuckDB's cache of
  // their blocks need not grow with their size, as it would up to its default limit (80 % of
  // the machine's memory).
  reader.execute("SET memory_limit = '64MB'");
  MergeResult total;
  db::Transaction transaction(target);
  // New names get the largest id plus one, as the results server's writers make them.
  target.execute(
      fmt::format("SELECT pg_advisory_xact_lock({})", PostgresReportStore::new_names_lock));
  for (std::size_t index = 0; index < sources.size(); ++index) {
    const Attached attached(reader, sources[index], "source");
    check_schema(reader, sources[index], "source");
    const auto staged = "merge_source_" + std::to_string(index) + "_";
    stage_in_postgres(reader, "source", target, staged);
    total += merge_one(target, staged, sources[index]);
  }
  update_testbed_fingerprints(target);
  transaction.commit();
  return total;
}

}  // namespace perfwatch
