#include "store/ab_sessions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <random>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "store/duckdb_report_store.hpp"
#include "store/listing.hpp"
#include "store/merge.hpp"
#include "store/named_rows.hpp"
#include "store/postgres_report_store.hpp"

namespace perfwatch::store {
namespace {

// As text cast to a double: a bare literal would be read as a DECIMAL first and could come back
// one rounding away.
std::string number_or_null(const std::optional<double>& value) {
  return value && std::isfinite(*value) ? fmt::format("'{}'::DOUBLE PRECISION", *value) : "NULL";
}

std::string text_or_null(const std::string& text) {
  return text.empty() ? "NULL" : sql_quote(text);
}

std::string bool_or_null(const std::optional<bool>& value) {
  return value ? (*value ? "true" : "false") : "NULL";
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// One side as a report of its own: the content hash covers the session id, so that no two
// sessions' sides are taken for one report.
struct SideReport {
  std::string content_hash;
  std::function<void(MetricSink&)> records;
};

SideReport side_report(const AbSide& side, const std::string& session_id, std::string_view role) {
  nlohmann::json content = {{"ab_session", session_id}, {"side", role}};
  for (const auto& series : side.series) {
    content["series"].push_back(
        {series.benchmark, series.params_json, series.measure.slug, series.values});
  }
  return {sha256_hex(content.dump()), [&side](MetricSink& sink) {
            for (const auto& series : side.series) {
              if (series.values.empty()) continue;
              const auto [lowest, highest] =
                  std::minmax_element(series.values.begin(), series.values.end());
              MetricRecord metric;
              metric.benchmark = series.benchmark;
              metric.params_json = series.params_json;
              metric.measure = &series.measure;
              metric.value = median_of(series.values);
              metric.lower = *lowest;
              metric.upper = *highest;
              metric.n = static_cast<int64_t>(series.values.size());
              metric.samples = series.values;
              sink.add(metric);
            }
          }};
}

// Writes one side as a report of its own into `scratch`; returns its id.
std::string write_side(Database& scratch, const AbSide& side, const std::string& session_id,
                       std::string_view role) {
  const auto report = side_report(side, session_id, role);
  DuckdbReportStore store(scratch.connection());
  return store.store(PendingReport{&side.context, report.content_hash, report.records}).report_id;
}

// A folder removed (with what it holds) when the object goes away.
class ScratchFolder {
 public:
  explicit ScratchFolder(std::filesystem::path path) : path_(std::move(path)) {
    std::filesystem::create_directories(path_);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

const char* const kSessionColumns =
    "s.id::VARCHAR AS id, s.created::VARCHAR AS created, "
    "s.base_name AS base_name, coalesce(s.base_commit, '') AS base_commit, "
    "s.candidate_name AS candidate_name, coalesce(s.candidate_commit, '') AS candidate_commit, "
    "s.base_report::VARCHAR AS base_report, s.candidate_report::VARCHAR AS candidate_report, "
    "s.settings AS settings, coalesce(p.slug, '') AS project FROM ab_session s "
    "LEFT JOIN report r ON r.id = s.base_report LEFT JOIN project p ON p.id = r.project";

AbSession session_at(const db::NamedRows& rows, uint64_t row) {
  AbSession ab;
  ab.id = rows.text("id", row);
  ab.created = rows.text("created", row);
  ab.base_name = rows.text("base_name", row);
  ab.base_commit = rows.text("base_commit", row);
  ab.candidate_name = rows.text("candidate_name", row);
  ab.candidate_commit = rows.text("candidate_commit", row);
  ab.base_report = rows.text("base_report", row);
  ab.candidate_report = rows.text("candidate_report", row);
  ab.settings = nlohmann::json::parse(rows.text("settings", row));
  ab.project = rows.text("project", row);
  return ab;
}

}  // namespace

std::string new_ab_session_id() {
  std::random_device device;
  std::string hex;
  for (int i = 0; i < 4; ++i) hex += fmt::format("{:08x}", device());
  hex[12] = '4';                                                    // version 4: random
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // RFC 9562 variant bits
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

void store_ab_session(Database& target, const AbSide& base, const AbSide& candidate,
                      AbSession& session) {
  const ScratchFolder folder(std::filesystem::temp_directory_path() /
                             ("perfwatch-ab-" + session.id));
  const auto scratch_path = (folder.path() / "session.duckdb").string();
  {
    OpenOptions options;
    options.path = scratch_path;
    const auto scratch = Database::open(options);
    session.base_report = write_side(*scratch, base, session.id, "base");
    session.candidate_report = write_side(*scratch, candidate, session.id, "candidate");
    insert_ab_session(scratch->connection(), session);
  }
  merge_databases(target, {scratch_path});
}

void store_ab_session(pg::Connection& target, const AbSide& base, const AbSide& candidate,
                      AbSession& session) {
  const auto base_report = side_report(base, session.id, "base");
  const auto candidate_report = side_report(candidate, session.id, "candidate");
  session.base_report = report_id_for(base.context, base_report.content_hash);
  session.candidate_report = report_id_for(candidate.context, candidate_report.content_hash);
  // PostgresReportStore stores a batch in one transaction of its own and calls each report's
  // records inside it (again when it retries the transaction after a deadlock): the session's
  // rows, written there on the same connection, commit or roll back with both reports.
  const auto candidate_and_session = [&](MetricSink& sink) {
    candidate_report.records(sink);
    insert_ab_session(target, session);
  };
  const PendingReport reports[] = {
      {&base.context, base_report.content_hash, base_report.records},
      {&candidate.context, candidate_report.content_hash, candidate_and_session}};
  PostgresReportStore::KnownIds known;
  PostgresReportStore(target, known).store(reports);
}

void insert_ab_session(db::Session& session, const AbSession& ab) {
  session.execute(fmt::format(
      "INSERT INTO ab_session (id, created, base_name, base_commit, candidate_name, "
      "candidate_commit, base_report, candidate_report, settings) VALUES ({}::UUID, {}::TIMESTAMP, "
      "{}, {}, {}, {}, {}::UUID, {}::UUID, {})",
      sql_quote(ab.id), sql_quote(ab.created), sql_quote(ab.base_name),
      text_or_null(ab.base_commit), sql_quote(ab.candidate_name), text_or_null(ab.candidate_commit),
      sql_quote(ab.base_report), sql_quote(ab.candidate_report), sql_quote(ab.settings.dump())));
  for (std::size_t index = 0; index < ab.verdicts.size(); ++index) {
    const auto& v = ab.verdicts[index];
    session.execute(fmt::format(
        "INSERT INTO ab_verdict (session, series_index, name, benchmark, params, measure, units, "
        "verdict, worse, ratio, ratio_lower, ratio_upper, p_value, exact_test, pairs, "
        "reused_pairs, rounds, seconds, base_median, candidate_median, failure) VALUES "
        "({}::UUID, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, "
        "{})",
        sql_quote(ab.id), index, sql_quote(v.name), sql_quote(v.benchmark),
        sql_quote(v.params_json), sql_quote(v.measure), sql_quote(v.units), sql_quote(v.verdict),
        v.worse ? "true" : "false", number_or_null(v.ratio), number_or_null(v.ratio_lower),
        number_or_null(v.ratio_upper), number_or_null(v.p_value), bool_or_null(v.exact_test),
        v.pairs, v.reused_pairs, v.rounds, number_or_null(v.seconds), number_or_null(v.base_median),
        number_or_null(v.candidate_median), text_or_null(v.failure)));
  }
}

std::vector<AbSession> list_ab_sessions(db::Session& session) {
  const auto rows = db::query(
      session, std::string("SELECT ") + kSessionColumns + " ORDER BY s.created DESC, s.id");
  std::vector<AbSession> sessions;
  for (uint64_t row = 0; row < rows.size(); ++row) sessions.push_back(session_at(rows, row));
  return sessions;
}

AbSession load_ab_session(db::Session& session, const std::string& id) {
  const std::string where =
      id == "latest" ? "" : " WHERE starts_with(s.id::VARCHAR, lower(" + sql_quote(id) + "))";
  const auto rows = db::query(session, std::string("SELECT ") + kSessionColumns + where +
                                           " ORDER BY s.created DESC, s.id LIMIT 2");
  if (rows.size() == 0) {
    throw InputError(id == "latest" ? "--ab latest: no A/B session is stored"
                                    : "--ab: no A/B session " + id + " is stored");
  }
  if (rows.size() > 1 && id != "latest") {
    throw InputError("--ab: " + id + " is the start of more than one session's id; give more");
  }
  auto ab = session_at(rows, 0);
  const auto verdicts = db::query(
      session,
      "SELECT name, benchmark, params, measure, units, verdict, worse::INTEGER AS worse, ratio, "
      "ratio_lower, ratio_upper, p_value, exact_test::INTEGER AS exact_test, pairs, "
      "reused_pairs, rounds, seconds, base_median, candidate_median, "
      "coalesce(failure, '') AS failure FROM ab_verdict WHERE session = " +
          sql_quote(ab.id) + "::UUID ORDER BY series_index");
  for (uint64_t row = 0; row < verdicts.size(); ++row) {
    AbVerdict v;
    v.name = verdicts.text("name", row);
    v.benchmark = verdicts.text("benchmark", row);
    v.params_json = verdicts.text("params", row);
    v.measure = verdicts.text("measure", row);
    v.units = verdicts.text("units", row);
    v.verdict = verdicts.text("verdict", row);
    v.worse = verdicts.int64("worse", row) != 0;
    v.ratio = verdicts.optional_number("ratio", row);
    v.ratio_lower = verdicts.optional_number("ratio_lower", row);
    v.ratio_upper = verdicts.optional_number("ratio_upper", row);
    v.p_value = verdicts.optional_number("p_value", row);
    if (const auto exact = verdicts.optional_int64("exact_test", row)) v.exact_test = *exact != 0;
    v.pairs = static_cast<int>(verdicts.int64("pairs", row));
    v.reused_pairs = static_cast<int>(verdicts.int64("reused_pairs", row));
    v.rounds = static_cast<int>(verdicts.int64("rounds", row));
    v.seconds = verdicts.number("seconds", row);
    v.base_median = verdicts.optional_number("base_median", row);
    v.candidate_median = verdicts.optional_number("candidate_median", row);
    v.failure = verdicts.text("failure", row);
    ab.verdicts.push_back(std::move(v));
  }
  return ab;
}

}  // namespace perfwatch::store
