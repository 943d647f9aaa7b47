#include "store/thresholds.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "store/listing.hpp"
#include "store/named_rows.hpp"

namespace perfwatch::store {
namespace {

// The id of the row of `table` whose `column` is `name` in the project, or an InputError naming
// the flag.
int64_t id_of(db::Session& session, const char* table, const char* column, int64_t project_id,
              const std::string& name, const char* flag) {
  const auto found =
      db::query(session, fmt::format("SELECT id FROM {} WHERE project = {} AND {} = {}", table,
                                     project_id, column, sql_quote(name)));
  if (found.size() == 0) {
    throw InputError(fmt::format("{}: no {} '{}' in this project", flag, table, name));
  }
  return found.int64("id", 0);
}

int64_t project_id(db::Session& session, const std::string& project) {
  const auto found =
      db::query(session, "SELECT id FROM project WHERE slug = " + sql_quote(project));
  if (found.size() == 0) throw InputError("--project: no project '" + project + "'");
  return found.int64("id", 0);
}

}  // namespace

int64_t add_threshold(db::Session& session, const StoredThreshold& threshold) {
  const auto project = project_id(session, threshold.project);
  const auto reference = [&](const std::string& name, const char* table, const char* column,
                             const char* flag) {
    return name.empty() ? std::string("NULL")
                        : std::to_string(id_of(session, table, column, project, name, flag));
  };
  const auto branch = reference(threshold.branch, "branch", "name", "--branch");
  const auto testbed = reference(threshold.testbed, "testbed", "name", "--testbed");
  const auto measure = reference(threshold.measure, "measure", "slug", "--measure");
  const auto inserted = db::query(
      session,
      fmt::format("INSERT INTO threshold (id, project, branch, testbed, measure, test, "
                  "window_reports, window_seconds, min_sample_size, lower_boundary, "
                  "upper_boundary, created, min_change) SELECT coalesce(max(id), 0) + 1, {}, {}, "
                  "{}, {}, {}, {}, {}, {}, {}, {}, now()::TIMESTAMP, {} FROM threshold "
                  "RETURNING id",
                  project, branch, testbed, measure, sql_quote(threshold.test),
                  threshold.window_reports, sql_number(threshold.window_seconds),
                  threshold.min_sample_size, sql_number(threshold.lower_boundary),
                  sql_number(threshold.upper_boundary), sql_number(threshold.min_change)));
  return inserted.int64("id", 0);
}

Listing threshold_listing(const std::vector<StoredThreshold>& thresholds) {
  Listing listing{
      {"id", "project", "branch", "testbed", "measure", "test", "window_reports", "window_seconds",
       "min_sample_size", "lower_boundary", "upper_boundary", "min_change"},
      nlohmann::ordered_json::array()};
  const auto any = [](const std::string& name) { return name.empty() ? "*" : name; };
  const auto or_null = [](const auto& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json();
  };
  for (const auto& threshold : thresholds) {
    listing.rows.push_back({{"id", threshold.id},
                            {"project", threshold.project},
                            {"branch", any(threshold.branch)},
                            {"testbed", any(threshold.testbed)},
                            {"measure", any(threshold.measure)},
                            {"test", threshold.test},
                            {"window_reports", threshold.window_reports},
                            {"window_seconds", or_null(threshold.window_seconds)},
                            {"min_sample_size", threshold.min_sample_size},
                            {"lower_boundary", or_null(threshold.lower_boundary)},
                            {"upper_boundary", or_null(threshold.upper_boundary)},
                            {"min_change", or_null(threshold.min_change)}});
  }
  return listing;
}

bool remove_threshold(db::Session& session, int64_t id, std::optional<int64_t> project_id) {
  const auto removed = db::query(
      session, fmt::format("DELETE FROM threshold WHERE id = {}{} RETURNING id", id,
                           project_id ? fmt::format(" AND project = {}", *project_id) : ""));
  return removed.size() > 0;
}

std::vector<StoredThreshold> list_thresholds(db::Session& session, const std::string& project) {
  const auto rows =
      db::query(session,
                "SELECT t.id AS id, p.slug AS project, b.name AS branch, tb.name AS testbed, "
                "m.slug AS measure, t.test AS test, t.window_reports AS window_reports, "
                "t.window_seconds AS window_seconds, t.min_sample_size AS min_sample_size, "
                "t.lower_boundary AS lower_boundary, t.upper_boundary AS upper_boundary, "
                "t.min_change AS min_change FROM threshold t JOIN project p ON p.id = t.project "
                "LEFT JOIN branch b ON b.id = t.branch LEFT JOIN testbed tb ON tb.id = t.testbed "
                "LEFT JOIN measure m ON m.id = t.measure WHERE " +
                    (project.empty() ? std::string("true") : "p.slug = " + sql_quote(project)) +
                    " ORDER BY t.id");
  std::vector<StoredThreshold> thresholds;
  thresholds.reserve(rows.size());
  for (uint64_t row = 0; row < rows.size(); ++row) {
    auto& threshold = thresholds.emplace_back();
    threshold.id = rows.int64("id", row);
    threshold.project = rows.text("project", row);
    threshold.branch = rows.text("branch", row);
    threshold.testbed = rows.text("testbed", row);
    threshold.measure = rows.text("measure", row);
    threshold.test = rows.text("test", row);
    threshold.window_reports = rows.int64("window_reports", row);
    threshold.window_seconds = rows.optional_int64("window_seconds", row);
    threshold.min_sample_size = rows.int64("min_sample_size", row);
    threshold.lower_boundary = rows.optional_number("lower_boundary", row);
    threshold.upper_boundary = rows.optional_number("upper_boundary", row);
    threshold.min_change = rows.optional_number("min_change", row);
  }
  return thresholds;
}

std::size_t clone_thresholds(db::Session& session, const std::string& project,
                             const std::string& from, const std::string& to) {
  const auto project_number = project_id(session, project);
  const auto from_id = id_of(session, "branch", "name", project_number, from, "--from");
  const auto to_id = id_of(session, "branch", "name", project_number, to, "--to");
  const auto copied = db::query(
      session,
      fmt::format(
          "INSERT INTO threshold (id, project, branch, testbed, measure, test, window_reports, "
          "window_seconds, min_sample_size, lower_boundary, upper_boundary, created, "
          "min_change) SELECT (SELECT coalesce(max(id), 0) FROM threshold) + "
          "row_number() OVER (ORDER BY id), project, {0}, testbed, measure, test, "
          "window_reports, window_seconds, min_sample_size, lower_boundary, upper_boundary, "
          "now()::TIMESTAMP, min_change FROM threshold t WHERE project = {1} AND branch = {2} "
          "AND NOT EXISTS (SELECT 1 FROM threshold d WHERE d.project = {1} AND d.branch = {0} "
          "AND d.testbed IS NOT DISTINCT FROM t.testbed AND d.measure IS NOT DISTINCT FROM "
          "t.measure) RETURNING id",
          to_id, project_number, from_id));
  return copied.size();
}

void set_start_point(db::Session& session, const std::string& project, const std::string& branch,
                     const std::string& base, const std::string& commit) {
  const auto found = db::query(
      session,
      fmt::format("SELECT r.commit_hash AS commit_hash FROM report r JOIN branch b ON b.id = "
                  "r.branch JOIN project p ON p.id = b.project WHERE p.slug = {} AND b.name = {} "
                  "AND starts_with(r.commit_hash, {}) GROUP BY r.commit_hash",
                  sql_quote(project), sql_quote(base), sql_quote(commit)));
  if (found.size() != 1) {
    throw InputError(fmt::format("--start-point: {} reports of {} have a commit starting with {}",
                                 found.size() == 0 ? "no" : "several", base, commit));
  }
  session.execute(fmt::format(
      "UPDATE branch SET start_point_branch = {}, start_point_commit = {} WHERE name = {} AND "
      "project = (SELECT id FROM project WHERE slug = {})",
      sql_quote(base), sql_quote(found.text("commit_hash", 0)), sql_quote(branch),
      sql_quote(project)));
}

std::string project_or_only(db::Session& session, const std::string& project) {
  if (!project.empty()) return project;
  const auto projects = db::query(session, "SELECT slug FROM project ORDER BY slug");
  if (projects.size() != 1) {
    throw InputError(
        fmt::format("--project: required when the database holds {} projects", projects.size()));
  }
  return projects.text("slug", 0);
}

}  // namespace perfwatch::store
