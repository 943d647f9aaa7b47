#include "detect/threshold.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/error.hpp"

namespace perfwatch::detect {
namespace {

// The id of the row of `table` named `name` in the project, or an InputError naming the flag.
int64_t id_of(db::Session& connection, const char* table, const char* column, int64_t project_id,
              const std::string& name, const char* flag) {
  auto found = connection.run(fmt::format("SELECT id FROM {} WHERE project = {} AND {} = {}", table,
                                          project_id, column, sql_quote(name)));
  if (found->row_count() == 0) {
    throw InputError(fmt::format("{}: no {} '{}' in this project", flag, table, name));
  }
  return found->int64(0, 0);
}

std::string sql_number(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : "NULL";
}

}  // namespace

Threshold default_threshold() {
  Threshold threshold;
  threshold.lower_boundary = 3.0;
  threshold.upper_boundary = 3.0;
  threshold.origin = "default";
  return threshold;
}

void validate_threshold(const Threshold& threshold, const std::string& where) {
  // Each message names the flag, or the configuration file's line before the key.
  const auto fail = [&](const char* flag, const char* key, const std::string& message) {
    throw InputError(where.empty() ? std::string(flag) + ": " + message
                                   : where + ": " + key + ": " + message);
  };
  if (std::find(std::begin(threshold_tests), std::end(threshold_tests), threshold.test) ==
      std::end(threshold_tests)) {
    fail("--test", "test",
         "unknown test '" + threshold.test +
             "'; one of: static, percentage, z_score, t_test, iqr, delta_iqr, log_normal");
  }
  if (!threshold.lower_boundary && !threshold.upper_boundary) {
    fail("--lower/--upper", "lower/upper", "give at least one boundary");
  }
  for (const auto& [boundary, flag, key] :
       {std::tuple{threshold.lower_boundary, "--lower", "lower"},
        std::tuple{threshold.upper_boundary, "--upper", "upper"}}) {
    if (!boundary) continue;
    if (!std::isfinite(*boundary)) fail(flag, key, "must be a finite number");
    if (threshold.test == "t_test" && !(*boundary > 0 && *boundary < 1)) {
      fail(flag, key, "a confidence level between 0 and 1 for t_test, e.g. 0.99");
    }
    if (threshold.test != "static" && *boundary < 0) fail(flag, key, "must not be negative");
  }
  if (threshold.window_reports < 1) fail("--window", "window", "must be at least 1");
  if (threshold.min_sample_size < 1) fail("--min-samples", "min_samples", "must be at least 1");
  if (threshold.min_change && !(*threshold.min_change >= 0 && *threshold.min_change < 100)) {
    fail("--min-change", "min_change", "a fraction of the baseline from 0 on, e.g. 0.02 for 2 %");
  }
  if (threshold.window_seconds && *threshold.window_seconds < 1) {
    fail("--window-days", "window_days", "must be positive");
  }
}

int64_t add_threshold(db::Session& connection, const std::string& project,
                      const Threshold& threshold) {
  validate_threshold(threshold);
  auto found = connection.run("SELECT id FROM project WHERE slug = " + sql_quote(project));
  if (found->row_count() == 0) throw InputError("--project: no project '" + project + "'");
  const auto project_id = found->int64(0, 0);
  const auto reference = [&](const std::string& name, const char* table, const char* column,
                             const char* flag) {
    return name.empty() ? std::string("NULL")
                        : std::to_string(id_of(connection, table, column, project_id, name, flag));
  };
  const auto branch = reference(threshold.branch, "branch", "name", "--branch");
  const auto testbed = reference(threshold.testbed, "testbed", "name", "--testbed");
  const auto measure = reference(threshold.measure, "measure", "slug", "--measure");
  auto inserted = connection.run(fmt::format(
      "INSERT INTO threshold SELECT coalesce(max(id), 0) + 1, {}, {}, {}, {}, {}, {}, {}, {}, {}, "
      "{}, now()::TIMESTAMP, {} FROM threshold RETURNING id",
      project_id, branch, testbed, measure, sql_quote(threshold.test), threshold.window_reports,
      threshold.window_seconds ? std::to_string(*threshold.window_seconds) : "NULL",
      threshold.min_sample_size, sql_number(threshold.lower_boundary),
      sql_number(threshold.upper_boundary), sql_number(threshold.min_change)));
  return inserted->int64(0, 0);
}

void remove_threshold(db::Session& connection, int64_t id) {
  auto removed =
      connection.run(fmt::format("DELETE FROM threshold WHERE id = {} RETURNING id", id));
  if (removed->row_count() == 0) throw InputError(fmt::format("no threshold with id {}", id));
}

Listing list_thresholds(db::Session& connection, const std::string& project) {
  Listing listing;
  auto result = connection.run(
      "SELECT t.id, p.slug AS project, coalesce(b.name, '*') AS branch, "
      "coalesce(tb.name, '*') AS testbed, coalesce(m.slug, '*') AS measure, t.test, "
      "t.window_reports, t.window_seconds, t.min_sample_size, t.lower_boundary, "
      "t.upper_boundary, t.min_change FROM threshold t JOIN project p ON p.id = t.project "
      "LEFT JOIN branch b ON b.id = t.branch LEFT JOIN testbed tb ON tb.id = t.testbed "
      "LEFT JOIN measure m ON m.id = t.measure WHERE " +
      (project.empty() ? std::string("true") : "p.slug = " + sql_quote(project)) +
      " ORDER BY t.id");
  auto& rows = *result;
  for (uint64_t column = 0; column < rows.column_count(); ++column) {
    listing.columns.push_back(rows.column_name(column));
  }
  for (uint64_t row = 0; row < rows.row_count(); ++row) {
    nlohmann::ordered_json object;
    for (uint64_t column = 0; column < rows.column_count(); ++column) {
      const auto& name = listing.columns[column];
      if (rows.is_null(column, row)) {
        object[name] = nullptr;
      } else if (name == "lower_boundary" || name == "upper_boundary" || name == "min_change") {
        object[name] = rows.number(column, row);
      } else if (name == "id" || name.starts_with("window") || name == "min_sample_size") {
        object[name] = rows.int64(column, row);
      } else {
        object[name] = *rows.text(column, row);
      }
    }
    listing.rows.push_back(std::move(object));
  }
  return listing;
}

std::size_t clone_thresholds(db::Connection& connection, const std::string& project,
                             const std::string& from, const std::string& to) {
  auto found = connection.query("SELECT id FROM project WHERE slug = " + sql_quote(project));
  if (found.row_count() == 0) throw InputError("--project: no project '" + project + "'");
  const auto project_id = found.int64(0, 0);
  const auto from_id = id_of(connection, "branch", "name", project_id, from, "--from");
  const auto to_id = id_of(connection, "branch", "name", project_id, to, "--to");
  auto copied = connection.query(fmt::format(
      "INSERT INTO threshold SELECT (SELECT coalesce(max(id), 0) FROM threshold) + "
      "row_number() OVER (ORDER BY id), project, {0}, testbed, measure, test, window_reports, "
      "window_seconds, min_sample_size, lower_boundary, upper_boundary, now()::TIMESTAMP, "
      "min_change "
      "FROM threshold t WHERE project = {1} AND branch = {2} AND NOT EXISTS (SELECT 1 FROM "
      "threshold d WHERE d.project = {1} AND d.branch = {0} AND d.testbed IS NOT DISTINCT FROM "
      "t.testbed AND d.measure IS NOT DISTINCT FROM t.measure) RETURNING id",
      to_id, project_id, from_id));
  return copied.row_count();
}

void set_start_point(db::Connection& connection, const std::string& project,
                     const std::string& branch, const std::string& base,
                     const std::string& commit) {
  auto found = connection.query(fmt::format(
      "SELECT r.commit_hash FROM report r JOIN branch b ON b.id = r.branch JOIN project p ON "
      "p.id = b.project WHERE p.slug = {} AND b.name = {} AND starts_with(r.commit_hash, {}) "
      "GROUP BY r.commit_hash",
      sql_quote(project), sql_quote(base), sql_quote(commit)));
  if (found.row_count() != 1) {
    throw InputError(fmt::format("--start-point: {} reports of {} have a commit starting with {}",
                                 found.row_count() == 0 ? "no" : "several", base, commit));
  }
  connection.execute(fmt::format(
      "UPDATE branch SET start_point_branch = {}, start_point_commit = {} WHERE name = {} AND "
      "project = (SELECT id FROM project WHERE slug = {})",
      sql_quote(base), sql_quote(*found.text(0, 0)), sql_quote(branch), sql_quote(project)));
}

ThresholdChooser::ThresholdChooser(db::Connection& connection, int64_t project_id,
                                   const std::vector<Threshold>& configured)
    : stored_(configured) {
  auto rows = connection.query(fmt::format(
      "SELECT t.id, coalesce(b.name, ''), coalesce(tb.name, ''), coalesce(m.slug, ''), t.test, "
      "t.window_reports, t.window_seconds, t.min_sample_size, t.lower_boundary, t.upper_boundary, "
      "t.min_change FROM threshold t LEFT JOIN branch b ON b.id = t.branch "
      "LEFT JOIN testbed tb ON tb.id = t.testbed LEFT JOIN measure m ON m.id = t.measure "
      "WHERE t.project = {} ORDER BY t.id DESC",
      project_id));
  for (uint64_t row = 0; row < rows.row_count(); ++row) {
    Threshold threshold;
    threshold.id = rows.int64(0, row);
    threshold.branch = *rows.text(1, row);
    threshold.testbed = *rows.text(2, row);
    threshold.measure = *rows.text(3, row);
    threshold.test = *rows.text(4, row);
    threshold.window_reports = rows.int64(5, row);
    if (!rows.is_null(6, row)) threshold.window_seconds = rows.int64(6, row);
    threshold.min_sample_size = rows.int64(7, row);
    if (!rows.is_null(8, row)) threshold.lower_boundary = rows.number(8, row);
    if (!rows.is_null(9, row)) threshold.upper_boundary = rows.number(9, row);
    if (!rows.is_null(10, row)) threshold.min_change = rows.number(10, row);
    threshold.origin = "database";
    stored_.push_back(std::move(threshold));
  }
}

const Threshold& ThresholdChooser::choose(std::string_view branch, std::string_view testbed,
                                          std::string_view measure) const {
  const Threshold* best = &default_;
  int best_score = -1;
  for (const auto& threshold : stored_) {  // configured, then newest first: a tie keeps those
    const auto matches = [](const std::string& wanted, std::string_view actual) {
      return wanted.empty() || wanted == actual;
    };
    if (!matches(threshold.branch, branch) || !matches(threshold.testbed, testbed) ||
        !matches(threshold.measure, measure)) {
      continue;
    }
    const int score =
        !threshold.branch.empty() + !threshold.testbed.empty() + !threshold.measure.empty();
    if (score > best_score) {
      best = &threshold;
      best_score = score;
    }
  }
  return *best;
}

}  // namespace perfwatch::detect
