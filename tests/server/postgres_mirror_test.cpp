// The dashboard's copy of one project from PostgreSQL into an in-memory DuckDB database: the
// project's rows, with their values, NULLs, samples, flags and times as stored, and nothing of
// another project.
#include "store/postgres_mirror.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "postgres_database.hpp"
#include "server/store.hpp"
#include "server/submission.hpp"
#include "store/postgres.hpp"

namespace perfwatch {
namespace {

ReportRecord submission(const std::string& project, const std::string& commit,
                        const std::string& content) {
  return server::parse_submission(nlohmann::json{{"context",
                                                  {{"project", project},
                                                   {"branch", "main"},
                                                   {"testbed", "ci"},
                                                   {"commit", commit},
                                                   {"dirty", true}}},
                                                 {"content", content}});
}

// One line per row of `sql`, read from either database: numbers and flags in one spelling
// (the two databases print them differently), everything else as its text.
std::string lines(db::Session& session, const std::string& sql) {
  auto rows = session.run(sql);
  std::string text;
  for (uint64_t row = 0; row < rows->row_count(); ++row) {
    for (uint64_t column = 0; column < rows->column_count(); ++column) {
      std::string value = "NULL";
      if (!rows->is_null(column, row)) {
        switch (rows->column_kind(column)) {
          case db::ColumnKind::boolean:
          case db::ColumnKind::integer:
            value = std::to_string(rows->int64(column, row));
            break;
          case db::ColumnKind::real:
            value = fmt::format("{}", rows->number(column, row));
            break;
          case db::ColumnKind::text:
            value = *rows->text(column, row);
            break;
        }
      }
      text += (column ? " | " : "") + value;
    }
    text += "\n";
  }
  return text;
}

TEST(PostgresMirror, CopiesOneProjectWithItsValuesAsStored) {
  testing::PostgresDatabase postgres;
  auto store = server::postgres_store(postgres.url());
  // hyperfine: raw samples and a parameter; BMF: bounds on one measure and none on the other.
  const std::string hyperfine = R"({"results": [{"command": "sort", "mean": 0.5, "stddev": 0.1,
      "median": 0.5, "user": 0.4, "system": 0.05, "min": 0.25, "max": 0.75,
      "times": [0.25, 0.5, 0.75], "parameters": {"n": "10"}}]})";
  const std::string bmf = R"({"parse": {"latency": {"value": 12.5, "lower_value": 11,
      "upper_value": 14}, "throughput": {"value": 80}}})";
  const std::vector<ReportRecord> submissions = {submission("demo", "c1", hyperfine),
                                                 submission("demo", "c2", bmf),
                                                 submission("other", "c1", bmf)};
  store->store(submissions);

  pg::Connection source(postgres.url());
  auto mirror = pg::mirror_project(source, "demo");
  auto& copy = mirror->connection();

  const std::string metrics =
      "SELECT r.commit_hash, r.dirty, b.name, b.params, s.slug, s.units, m.value, m.lower, "
      "m.upper, m.n, {} FROM metric m JOIN report r ON r.id = m.report JOIN benchmark b ON b.id "
      "= m.benchmark JOIN measure s ON s.id = m.measure {} ORDER BY r.commit_hash, s.slug";
  const auto on_postgres =
      lines(source, fmt::format(fmt::runtime(metrics),
                                "cardinality(m.samples), (SELECT sum(x) FROM unnest(m.samples) x), "
                                "(SELECT min(x) FROM unnest(m.samples) x)",
                                "JOIN project p ON p.id = r.project WHERE p.slug = 'demo'"));
  const auto on_mirror =
      lines(copy, fmt::format(fmt::runtime(metrics),
                              "len(m.samples), list_sum(m.samples), list_min(m.samples)", ""));
  EXPECT_EQ(on_mirror, on_postgres);
  EXPECT_NE(on_mirror.find("| 3 | 3 | 1500000000 | 250000000"), std::string::npos)
      << "the samples: " << on_mirror;
  EXPECT_NE(on_mirror.find("NULL | NULL"), std::string::npos) << "bounds left NULL";

  const std::string times = "SELECT id::text, epoch(started) FROM report ORDER BY 1";
  EXPECT_EQ(lines(copy, times),
            lines(source,
                  "SELECT r.id::text, extract(epoch FROM r.started)::double precision "
                  "FROM report r JOIN project p ON p.id = r.project WHERE p.slug = "
                  "'demo' ORDER BY 1"));
  EXPECT_EQ(lines(copy, "SELECT slug FROM project"), "demo\n");
  EXPECT_THROW(pg::mirror_project(source, "nobody"), std::exception);
}

}  // namespace
}  // namespace perfwatch
