// store: the named things of a project as the site lists them: projects, branches (with the
// commit they forked from), testbeds, measures, benchmarks and the alerts raised on its reports.
// Its SQL is DuckDB's (the site reads a PostgreSQL project through postgres_mirror.hpp); columns
// are read by name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sql.hpp"

namespace perfwatch::store {

struct CatalogProject {
  int32_t id = 0;
  std::string slug, name;
};
struct CatalogBranch {
  int32_t id = 0, project = 0;
  std::string name;
  std::string start_point_commit;  // empty when the branch records none
};
struct CatalogTestbed {
  int32_t id = 0, project = 0;
  std::string name;
  std::string fingerprint;  // a JSON object, as stored
};
struct CatalogMeasure {
  int32_t id = 0, project = 0;
  std::string slug, units;
  std::string direction;  // as stored: lower_is_better, higher_is_better or unknown
};
struct CatalogBenchmark {
  int32_t id = 0, project = 0;
  std::string name;
  std::string params;  // a JSON object, as stored
};
struct CatalogAlert {
  int64_t id = 0;
  std::string report;  // the report's full id
  int32_t benchmark = 0, measure = 0;
  std::string kind, status;
  double value = 0;
  std::optional<double> baseline, limit;
  std::string message;
  std::string created;  // YYYY-MM-DDTHH:MM:SSZ
};

struct Catalog {
  std::vector<CatalogProject> projects;      // by slug
  std::vector<CatalogBranch> branches;       // by name, id
  std::vector<CatalogTestbed> testbeds;      // by name, id
  std::vector<CatalogMeasure> measures;      // by slug, id
  std::vector<CatalogBenchmark> benchmarks;  // by name, params, id
  std::vector<CatalogAlert> alerts;          // newest first
};

// The id of project `slug`, 0 for an empty slug; throws InputError naming --project when the
// database has no such project.
int32_t project_id_of(db::Session& session, const std::string& slug);

// The catalog of project `project_id`, or of every project when it is 0.
Catalog load_catalog(db::Session& session, int32_t project_id);

}  // namespace perfwatch::store
