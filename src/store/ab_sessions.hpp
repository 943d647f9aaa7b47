// Stored A/B sessions (perfwatch ab): each session's two sides as two reports of their own, linked
// by an ab_session row that also holds the settings and a verdict per series (ab_verdict). Written
// in one transaction with both reports; read back by `compare --ab` and the report site. The SQL
// runs on DuckDB and PostgreSQL alike.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/measure.hpp"
#include "core/report_context.hpp"
#include "store/database.hpp"
#include "store/postgres.hpp"
#include "store/sql.hpp"

namespace perfwatch::store {

// One series' verdict, as `ab` printed it.
struct AbVerdict {
  std::string name;  // as the session named it: the command's name, or "BENCHMARK MEASURE"
  std::string benchmark;
  std::string params_json = "{}";
  std::string measure;
  std::string units;
  std::string verdict;  // DIFFERENT, SAME or UNKNOWN
  bool worse = false;   // DIFFERENT in the measure's worse direction
  std::optional<double> ratio, ratio_lower, ratio_upper, p_value;
  std::optional<bool> exact_test;
  int pairs = 0;
  int reused_pairs = 0;
  int rounds = 0;
  double seconds = 0;
  std::optional<double> base_median, candidate_median;
  std::string failure;  // empty unless a run failed
};

struct AbSession {
  std::string id;       // a UUID
  std::string created;  // UTC, "YYYY-MM-DD HH:MM:SS"
  std::string base_name, base_commit;
  std::string candidate_name, candidate_commit;
  std::string base_report, candidate_report;
  nlohmann::json settings = nlohmann::json::object();
  std::vector<AbVerdict> verdicts;  // in the session's order; empty in listings
  std::string project;              // of the base report (read back only)
};

// A side's values, one entry per series: what its report stores (the median as the value, the
// smallest and largest as bounds, every run as a sample).
struct AbSideSeries {
  std::string benchmark;
  std::string params_json = "{}";
  Measure measure;
  std::vector<double> values;
};

struct AbSide {
  ReportContext context;
  std::vector<AbSideSeries> series;
};

// A new session id: a random UUID (version 4).
std::string new_ab_session_id();

// Writes both sides' reports and the session (its report ids filled in here) into `target` in one
// transaction: the reports are written through DuckdbReportStore into a scratch database in the
// temporary folder (removed afterwards), which is then merged into `target` (store/merge.hpp, one
// transaction); on any failure `target` is left as it was.
void store_ab_session(Database& target, const AbSide& base, const AbSide& candidate,
                      AbSession& session);

// The same into the PostgreSQL database of `target`, in the one transaction in which
// PostgresReportStore stores both reports; on any failure nothing of the session is stored.
void store_ab_session(pg::Connection& target, const AbSide& base, const AbSide& candidate,
                      AbSession& session);

// Inserts the session row and its verdicts; the caller owns the transaction.
void insert_ab_session(db::Session& session, const AbSession& ab);

// Sessions, newest first, without their verdicts.
std::vector<AbSession> list_ab_sessions(db::Session& session);

// The session whose id is `id` or starts with it, or the newest for "latest", with its verdicts.
// Throws InputError naming `id` when none (or more than one) matches.
AbSession load_ab_session(db::Session& session, const std::string& id);

}  // namespace perfwatch::store
