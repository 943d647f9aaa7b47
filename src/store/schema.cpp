#include "store/schema.hpp"

#include <fmt/format.h>

#include <array>
#include <string>

#include "core/error.hpp"
#include "store/transaction.hpp"

namespace perfwatch {
namespace {

// Migration N (1-based) takes a database from schema N-1 to N. Never edit a released one: add
// another (a change of spelling that leaves DuckDB's schema as it was is no edit: DOUBLE
// PRECISION is DuckDB's DOUBLE, and also PostgreSQL's, which has no DOUBLE). The same text
// migrates DuckDB files and PostgreSQL databases, so it keeps to SQL both understand.
// JSON is kept as VARCHAR so that no DuckDB extension has to be loaded (no network).
// Times are TIMESTAMP in UTC. The metric table has no foreign keys or indexes: it is written
// with the appender at millions of rows a second, and the writer keeps its references valid.
constexpr std::array<const char*, 10> migrations = {
    // 1: projects, branches, testbeds, benchmarks, measures, reports and their metrics.
    R"sql(
CREATE TABLE perfwatch_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT INTO perfwatch_meta VALUES ('format', 'perfwatch'), ('schema_version', '0');
CREATE TABLE project (
  id INTEGER PRIMARY KEY, slug VARCHAR NOT NULL UNIQUE, name VARCHAR NOT NULL);
CREATE TABLE branch (
  id INTEGER PRIMARY KEY, project INTEGER NOT NULL, name VARCHAR NOT NULL,
  start_point_branch VARCHAR, start_point_commit VARCHAR,
  archived BOOLEAN NOT NULL DEFAULT false, UNIQUE (project, name));
CREATE TABLE testbed (
  id INTEGER PRIMARY KEY, project INTEGER NOT NULL, name VARCHAR NOT NULL,
  fingerprint VARCHAR NOT NULL DEFAULT '{}', UNIQUE (project, name));
CREATE TABLE benchmark (
  id INTEGER PRIMARY KEY, project INTEGER NOT NULL, name VARCHAR NOT NULL,
  params VARCHAR NOT NULL DEFAULT '{}', UNIQUE (project, name, params));
CREATE TABLE measure (
  id INTEGER PRIMARY KEY, project INTEGER NOT NULL, slug VARCHAR NOT NULL,
  units VARCHAR NOT NULL,
  direction VARCHAR NOT NULL CHECK (direction IN ('lower_is_better', 'higher_is_better')),
  UNIQUE (project, slug));
CREATE TABLE report (
  id UUID PRIMARY KEY, project INTEGER NOT NULL, branch INTEGER NOT NULL,
  testbed INTEGER NOT NULL, commit_hash VARCHAR, commit_time TIMESTAMP, author_time TIMESTAMP,
  dirty BOOLEAN NOT NULL, started TIMESTAMP NOT NULL, ended TIMESTAMP NOT NULL,
  ingested TIMESTAMP NOT NULL, ci_provider VARCHAR, ci_run_id VARCHAR, ci_run_url VARCHAR,
  pr_number VARCHAR, base_branch VARCHAR, source VARCHAR, adapter VARCHAR NOT NULL,
  tool_version VARCHAR, profile VARCHAR, settings VARCHAR NOT NULL DEFAULT '{}',
  testbed_fingerprint VARCHAR NOT NULL DEFAULT '{}', content_hash VARCHAR NOT NULL);
CREATE TABLE metric (
  report UUID NOT NULL, benchmark INTEGER NOT NULL, measure INTEGER NOT NULL,
  value DOUBLE PRECISION NOT NULL, lower DOUBLE PRECISION, upper DOUBLE PRECISION,
  n BIGINT NOT NULL, samples DOUBLE PRECISION[]);
)sql",
    // 2: resource use over time while a benchmark runs (runner), one row per sample.
    R"sql(
CREATE TABLE resource_sample (
  report UUID NOT NULL, benchmark INTEGER NOT NULL, t_ms DOUBLE PRECISION NOT NULL,
  cpu_percent DOUBLE PRECISION, rss_bytes BIGINT, gpu_util_percent DOUBLE PRECISION,
  gpu_mem_bytes BIGINT);
)sql",
    // 3: runs that failed (non-zero exit, signal or timeout): kept instead of a timing.
    R"sql(
CREATE TABLE run_failure (
  report UUID NOT NULL, benchmark INTEGER NOT NULL, run_index INTEGER NOT NULL,
  exit_code INTEGER, term_signal INTEGER, timed_out BOOLEAN NOT NULL,
  stderr_tail VARCHAR NOT NULL DEFAULT '');
)sql",
    // 4: regression detection: thresholds per (branch, testbed, measure) or project-wide
    // defaults (NULL matches any), and the alerts a check raised.
    R"sql(
CREATE TABLE threshold (
  id INTEGER PRIMARY KEY, project INTEGER NOT NULL, branch INTEGER, testbed INTEGER,
  measure INTEGER, test VARCHAR NOT NULL, window_reports INTEGER, window_seconds BIGINT,
  min_sample_size INTEGER NOT NULL DEFAULT 2, lower_boundary DOUBLE PRECISION,
  upper_boundary DOUBLE PRECISION,
  created TIMESTAMP NOT NULL);
CREATE TABLE alert (
  id INTEGER PRIMARY KEY, report UUID NOT NULL, benchmark INTEGER NOT NULL,
  measure INTEGER NOT NULL, threshold INTEGER,
  kind VARCHAR NOT NULL CHECK (kind IN ('regression', 'slo')),
  status VARCHAR NOT NULL
    CHECK (status IN ('active', 'acknowledged', 'dismissed', 'resolved')),
  value DOUBLE PRECISION NOT NULL, baseline DOUBLE PRECISION, limit_value DOUBLE PRECISION,
  message VARCHAR NOT NULL,
  created TIMESTAMP NOT NULL, updated TIMESTAMP NOT NULL);
)sql",
    // 5: the change points found so far in each series (branch, testbed, benchmark, measure)
    // with each detection setting, so that `perfwatch changes` examines only what came after
    // the last one. Derived data:
    // deleting rows costs one full examination; merge does not copy it.
    R"sql(
CREATE TABLE change_point_state (
  branch INTEGER NOT NULL, testbed INTEGER NOT NULL, benchmark INTEGER NOT NULL,
  measure INTEGER NOT NULL, settings VARCHAR NOT NULL, values_seen BIGINT NOT NULL,
  last_report UUID NOT NULL, points VARCHAR NOT NULL,
  PRIMARY KEY (branch, testbed, benchmark, measure, settings));
)sql",
    // 6: the results server's API tokens, per project with a read or write scope, kept as the
    // SHA-256 of the token (the token itself is shown once), and which projects anyone may read.
    R"sql(
CREATE TABLE api_token (
  id INTEGER PRIMARY KEY, project INTEGER NOT NULL, name VARCHAR NOT NULL,
  scope VARCHAR NOT NULL CHECK (scope IN ('read', 'write')), token_sha256 VARCHAR NOT NULL UNIQUE,
  created TIMESTAMP NOT NULL);
CREATE TABLE project_access (project INTEGER PRIMARY KEY, public_read BOOLEAN NOT NULL);
)sql",
    // 7: a measure's direction may be 'unknown' (its harness does not say which way is better).
    // Neither DuckDB nor PostgreSQL's shared SQL can change a CHECK in place: the table is copied
    // (nothing refers to it by a foreign key).
    R"sql(
CREATE TABLE measure_with_unknown_direction (
  id INTEGER PRIMARY KEY, project INTEGER NOT NULL, slug VARCHAR NOT NULL,
  units VARCHAR NOT NULL,
  direction VARCHAR NOT NULL
    CHECK (direction IN ('lower_is_better', 'higher_is_better', 'unknown')),
  UNIQUE (project, slug));
INSERT INTO measure_with_unknown_direction SELECT id, project, slug, units, direction FROM measure;
DROP TABLE measure;
ALTER TABLE measure_with_unknown_direction RENAME TO measure;
)sql",
    // 8: a threshold's minimum change (relative; NULL: derived from the series' noise), below
    // which nothing it judges fails.
    R"sql(
ALTER TABLE threshold ADD COLUMN min_change DOUBLE PRECISION;
)sql",
    // 9: per GPU, its state at each resource sample (clocks, utilisation, memory, power,
    // temperature, NVML's throttle-reason bits and whether they meant throttling).
    R"sql(
CREATE TABLE gpu_sample (
  report UUID NOT NULL, benchmark INTEGER NOT NULL, t_ms DOUBLE PRECISION NOT NULL,
  gpu_index INTEGER NOT NULL, sm_clock_mhz INTEGER, mem_clock_mhz INTEGER,
  util_percent DOUBLE PRECISION, mem_used_bytes BIGINT, power_w DOUBLE PRECISION,
  temperature_c DOUBLE PRECISION, throttle_reasons BIGINT, throttled BOOLEAN NOT NULL);
)sql",
    // 10: paired A/B sessions (perfwatch ab): the two sides (as named, and their commits), the
    // two reports that hold each side's values, the settings, and a verdict per series. Series
    // are named by benchmark, params and measure slug rather than ids, so merging needs no
    // mapping.
    R"sql(
CREATE TABLE ab_session (
  id UUID PRIMARY KEY, created TIMESTAMP NOT NULL, base_name VARCHAR NOT NULL,
  base_commit VARCHAR, candidate_name VARCHAR NOT NULL, candidate_commit VARCHAR,
  base_report UUID NOT NULL, candidate_report UUID NOT NULL,
  settings VARCHAR NOT NULL DEFAULT '{}');
CREATE TABLE ab_verdict (
  session UUID NOT NULL, series_index INTEGER NOT NULL, name VARCHAR NOT NULL,
  benchmark VARCHAR NOT NULL, params VARCHAR NOT NULL DEFAULT '{}', measure VARCHAR NOT NULL,
  units VARCHAR NOT NULL,
  verdict VARCHAR NOT NULL CHECK (verdict IN ('DIFFERENT', 'SAME', 'UNKNOWN')),
  worse BOOLEAN NOT NULL, ratio DOUBLE PRECISION, ratio_lower DOUBLE PRECISION,
  ratio_upper DOUBLE PRECISION, p_value DOUBLE PRECISION, exact_test BOOLEAN,
  pairs INTEGER NOT NULL, reused_pairs INTEGER NOT NULL, rounds INTEGER NOT NULL,
  seconds DOUBLE PRECISION NOT NULL, base_median DOUBLE PRECISION,
  candidate_median DOUBLE PRECISION, failure VARCHAR,
  PRIMARY KEY (session, series_index));
)sql",
};

}  // namespace

int64_t current_schema_version() { return static_cast<int64_t>(migrations.size()); }

std::optional<int64_t> stored_schema_version(db::Session& connection) {
  auto tables = connection.run(
      "SELECT count(*) FILTER (WHERE table_name = 'perfwatch_meta'), count(*) "
      "FROM information_schema.tables WHERE table_catalog = current_database() "
      "AND table_schema NOT IN ('pg_catalog', 'information_schema')");
  const bool has_meta = tables->int64(0, 0) > 0;
  const bool has_tables = tables->int64(1, 0) > 0;
  if (!has_tables) return 0;
  if (!has_meta) return std::nullopt;
  return recorded_schema_version(connection);
}

std::optional<int64_t> recorded_schema_version(db::Session& connection) {
  auto meta = connection.run(
      "SELECT max(CASE WHEN key = 'format' THEN value END), "
      "max(CASE WHEN key = 'schema_version' THEN value END) FROM perfwatch_meta");
  if (meta->text(0, 0).value_or("") != "perfwatch") return std::nullopt;
  try {
    return std::stoll(meta->text(1, 0).value_or(""));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

int64_t checked_schema_version(std::optional<int64_t> version, const std::string& name,
                               std::string_view elsewhere) {
  if (!version) {
    throw InputError(fmt::format(
        "{}: not a perfwatch database (it holds other tables); perfwatch leaves it untouched: {}",
        name, elsewhere));
  }
  if (*version > current_schema_version()) {
    throw InputError(
        fmt::format("{}: written by a newer perfwatch (schema version {}, this one "
                    "knows up to {}); upgrade perfwatch",
                    name, *version, current_schema_version()));
  }
  return *version;
}

int64_t checked_schema_version(db::Session& connection, const std::string& name,
                               std::string_view elsewhere) {
  return checked_schema_version(stored_schema_version(connection), name, elsewhere);
}

void migrate(db::Session& connection, int64_t from_version, int64_t to_version) {
  if (from_version >= to_version) return;
  db::Transaction transaction(connection);
  for (auto version = from_version + 1; version <= to_version; ++version) {
    connection.execute(migrations[static_cast<std::size_t>(version - 1)]);
  }
  connection.execute("UPDATE perfwatch_meta SET value = '" + std::to_string(to_version) +
                     "' WHERE key = 'schema_version'");
  transaction.commit();
}

}  // namespace perfwatch
