#include "detect/check.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/error.hpp"
#include "core/format.hpp"
#include "detect/quantity.hpp"
#include "detect/suite.hpp"
#include "store/listing.hpp"

namespace perfwatch::detect {
namespace {

struct ReportRow {
  int64_t project_id, branch_id, history_branch_id, testbed_id;
  std::string project, branch, history_branch, testbed, commit, started;
  std::string history_until;  // the newest start the history may have (the fork point's)
};

ReportRow read_report(db::Connection& connection, const std::string& report_id) {
  // A pull request's history is its base branch's, up to the base's newest report of the commit
  // its branch started from when that is recorded (threshold clone --start-point).
  auto row = connection.query(
      "SELECT r.project, r.branch, coalesce(base.id, r.branch), r.testbed, p.slug, b.name, "
      "coalesce(base.name, b.name), t.name, coalesce(r.commit_hash, ''), r.started::VARCHAR, "
      "coalesce(least(r.started, (SELECT max(f.started) FROM report f WHERE f.branch = base.id "
      "AND f.commit_hash = b.start_point_commit)), r.started)::VARCHAR "
      "FROM report r JOIN project p ON p.id = r.project JOIN branch b ON b.id = r.branch "
      "JOIN testbed t ON t.id = r.testbed LEFT JOIN branch base ON base.project = r.project "
      "AND base.name = r.base_branch AND base.id <> r.branch WHERE r.id = " +
      sql_quote(report_id) + "::UUID");
  if (row.row_count() == 0) throw db::DatabaseError("no report " + report_id);
  return {row.int64(0, 0), row.int64(1, 0), row.int64(2, 0), row.int64(3, 0),
          *row.text(4, 0), *row.text(5, 0), *row.text(6, 0), *row.text(7, 0),
          *row.text(8, 0), *row.text(9, 0), *row.text(10, 0)};
}

// Values of each (benchmark, measure) of the report in the reference history, oldest first,
// with their report's start in seconds since the epoch.
struct History {
  std::vector<double> values;
  std::vector<double> started;
  std::vector<std::string> commits;
};

uint64_t key_of(int32_t benchmark, int32_t measure) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(benchmark)) << 32) |
         static_cast<uint32_t>(measure);
}

// Judges `verdict` against `window` (oldest first) whose reports had `commits`, into the
// verdict's fields; returns the judgement for suite-level control.
SeriesVerdict judge(Verdict& verdict, std::span<const double> window,
                    std::span<const std::string> commits, const CheckSettings& settings) {
  VerdictSettings verdict_settings;
  verdict_settings.direction = verdict.direction;
  verdict_settings.noise_kind = noise_kind_of_units(verdict.units);
  verdict_settings.threshold = verdict.threshold;
  verdict_settings.confirm = settings.confirm;
  const auto judged = judge_series(window, verdict.value, {}, verdict_settings);
  verdict.status = judged.status;
  verdict.baseline = judged.baseline;
  verdict.lower_limit = judged.lower_limit;
  verdict.upper_limit = judged.upper_limit;
  verdict.history_size = judged.history_size;
  verdict.since_change = judged.since_change;
  verdict.beyond_streak = judged.beyond_streak;
  verdict.noise = judged.noise;
  verdict.min_change = judged.min_change;
  verdict.step = judged.step;
  if (judged.step && judged.step->first_index <= commits.size()) {
    const auto first = judged.step->first_index;
    verdict.step_after_commit = first > 0 ? commits[first - 1] : std::string();
    verdict.step_commit = first < commits.size() ? commits[first] : std::string();
  }
  return judged;
}

}  // namespace

std::optional<double> Verdict::change() const {
  if (!baseline || *baseline == 0) return std::nullopt;
  return (value - *baseline) / std::fabs(*baseline);
}

std::string Verdict::describe() const {
  if (status == Status::undeclared) {
    return fmt::format("{} {}: which way is better is not declared; not judged", measure,
                       humanise(value, units));
  }
  if (status == Status::unknown) {
    return fmt::format("{} {}: {} earlier values, {} needed", measure, humanise(value, units),
                       history_size, threshold.min_sample_size);
  }
  const bool lower_is_better = direction == Direction::lower_is_better;
  const auto limit = lower_is_better ? upper_limit : lower_limit;
  std::string text = fmt::format("{} {} against baseline {}", measure, humanise(value, units),
                                 humanise(*baseline, units));
  if (const auto delta = change()) text += fmt::format(" ({:+.1f}%)", *delta * 100);
  if (limit) {
    text += fmt::format(", {} limit {} ({} over {} reports)", lower_is_better ? "upper" : "lower",
                        humanise(*limit, units), threshold.test, history_size);
  }
  if (step && (status == Status::red || status == Status::improved)) {
    text += fmt::format("; step of {:+.1f}% over {} reports", step->change() * 100, step->values);
    if (!step_commit.empty()) {
      text += " from commit " +
              (step_after_commit.empty() ? std::string("?") : step_after_commit.substr(0, 12)) +
              ".." + step_commit.substr(0, 12);
    }
    text += ", " + sureness();
  }
  return text;
}

std::string Verdict::sureness() const {
  if (q_value < 1e-4) return "> 99.99% sure";
  return fmt::format("{:.2f}% sure", confidence() * 100);
}

std::size_t CheckResult::count(Status status) const {
  return static_cast<std::size_t>(std::count_if(
      verdicts.begin(), verdicts.end(), [&](const Verdict& v) { return v.status == status; }));
}

std::size_t CheckResult::steps(std::size_t confirm) const {
  return static_cast<std::size_t>(std::count_if(
      verdicts.begin(), verdicts.end(), [&](const Verdict& v) { return v.is_step(confirm); }));
}

std::size_t CheckResult::without_history() const {
  return static_cast<std::size_t>(std::count_if(
      verdicts.begin(), verdicts.end(),
      [](const Verdict& v) { return v.status == Status::unknown && v.history_size == 0; }));
}

std::size_t CheckResult::violations() const {
  return static_cast<std::size_t>(std::count_if(objectives.begin(), objectives.end(),
                                                [](const ObjectiveResult& o) { return !o.met; }));
}

double ObjectiveResult::margin() const {
  return objective.limit == 0 ? 0 : (value - objective.limit) / std::fabs(objective.limit);
}

std::string ObjectiveResult::describe() const {
  const auto unit = objective.unit.empty() ? std::string() : " " + objective.unit;
  return fmt::format("{}{}: {}{} (SLO {} {}{}, {:+.0f}%){}", benchmark,
                     params == "{}" ? "" : " " + params, three_digits(value), unit,
                     objective.at_least ? ">=" : "<=", three_digits(objective.limit), unit,
                     margin() * 100, met ? "" : " VIOLATED");
}

namespace {

// Applies every objective to the report's metrics it names.
std::vector<ObjectiveResult> apply_objectives(const std::vector<ServiceLevelObjective>& objectives,
                                              const std::vector<Verdict>& verdicts) {
  std::vector<ObjectiveResult> results;
  for (const auto& objective : objectives) {
    for (const auto& verdict : verdicts) {
      if (verdict.measure != objective.measure ||
          fnmatch(objective.benchmark.c_str(), verdict.benchmark.c_str(), 0) != 0) {
        continue;
      }
      const auto factor = unit_factor(objective.unit, verdict.units);
      if (!factor) {
        throw InputError(fmt::format("{}: '{}' does not convert to {}, the units of measure {}",
                                     objective.origin, objective.unit, verdict.units,
                                     verdict.measure));
      }
      ObjectiveResult result{verdict.benchmark_id,
                             verdict.measure_id,
                             verdict.benchmark,
                             verdict.params,
                             objective,
                             verdict.value / *factor,
                             false};
      result.met =
          objective.at_least ? result.value >= objective.limit : result.value <= objective.limit;
      results.push_back(std::move(result));
    }
  }
  return results;
}

}  // namespace

CheckResult check_report(db::Connection& connection, const std::string& report_id,
                         const DetectionConfig& config, const CheckSettings& settings) {
  const auto report = read_report(connection, report_id);
  CheckResult result{report_id,
                     report.project_id,
                     report.project,
                     report.branch,
                     report.history_branch,
                     report.testbed,
                     report.commit,
                     {},
                     {}};
  const ThresholdChooser chooser(connection, report.project_id, config.thresholds);

  const auto id = sql_quote(report_id) + "::UUID";
  auto current = connection.query(
      "SELECT x.benchmark, x.measure, bm.name, bm.params, m.slug, m.units, m.direction, x.value "
      "FROM metric x JOIN benchmark bm ON bm.id = x.benchmark JOIN measure m ON m.id = x.measure "
      "WHERE x.report = " +
      id + " ORDER BY bm.name, bm.params, m.slug");
  std::unordered_map<uint64_t, std::size_t> index_of;
  int64_t longest_window = 1;
  for (uint64_t row = 0; row < current.row_count(); ++row) {
    Verdict verdict;
    verdict.benchmark_id = static_cast<int32_t>(current.int64(0, row));
    verdict.measure_id = static_cast<int32_t>(current.int64(1, row));
    verdict.benchmark = *current.text(2, row);
    verdict.params = *current.text(3, row);
    verdict.measure = *current.text(4, row);
    verdict.units = *current.text(5, row);
    verdict.direction =
        config.directions.direction_of(verdict.measure, *parse_direction(*current.text(6, row)));
    verdict.value = current.number(7, row);
    verdict.threshold = chooser.choose(report.branch, report.testbed, verdict.measure);
    longest_window = std::max(longest_window, verdict.threshold.window_reports);
    index_of.emplace(key_of(verdict.benchmark_id, verdict.measure_id), result.verdicts.size());
    result.verdicts.push_back(std::move(verdict));
  }

  // The newest `longest_window` earlier values of each series. The newest `longest_window`
  // earlier reports are picked first and only their metrics read: numbering every metric of the
  // history per series (QUALIFY row_number) read and sorted all of them, 8.6 s for 10,000
  // series x 1,000 reports (bench/check_speed_bench). A series absent from some of those reports
  // has fewer values than its window there; those few are read again from the whole history.
  const auto eligible = fmt::format(
      "r.project = {1} AND r.testbed = {2} AND r.branch = {3} AND r.id <> {0} "
      "AND r.started < {4}::TIMESTAMP AND r.started <= {5}::TIMESTAMP",
      id, report.project_id, report.testbed_id, report.history_branch_id, sql_quote(report.started),
      sql_quote(report.history_until));
  auto rows = connection.query(fmt::format(
      "WITH wanted AS (SELECT benchmark, measure FROM metric WHERE report = {0}), "
      "recent AS (SELECT r.id, r.started, r.commit_hash FROM report r WHERE {1} "
      "ORDER BY r.started DESC LIMIT {2}) "
      "SELECT x.benchmark, x.measure, epoch(r.started), x.value, coalesce(r.commit_hash, '') "
      "FROM recent r JOIN metric x ON x.report = r.id JOIN wanted USING (benchmark, measure) "
      "ORDER BY x.benchmark, x.measure, r.started",
      id, eligible, longest_window));
  std::vector<History> histories(result.verdicts.size());
  const auto read_rows = [&](db::Rows& found_rows) {
    for (uint64_t row = 0; row < found_rows.row_count(); ++row) {
      const auto found = index_of.find(key_of(static_cast<int32_t>(found_rows.int64(0, row)),
                                              static_cast<int32_t>(found_rows.int64(1, row))));
      if (found == index_of.end()) continue;
      auto& history = histories[found->second];
      history.started.push_back(found_rows.number(2, row));
      history.values.push_back(found_rows.number(3, row));
      history.commits.push_back(*found_rows.text(4, row));
    }
  };
  read_rows(rows);
  // Series short of their window when older reports exist: read per series, as before.
  std::string short_series;
  for (std::size_t i = 0; i < result.verdicts.size(); ++i) {
    const auto& verdict = result.verdicts[i];
    if (histories[i].values.size() >= static_cast<std::size_t>(verdict.threshold.window_reports))
      continue;
    short_series += fmt::format("{}({}, {})", short_series.empty() ? "" : ", ",
                                verdict.benchmark_id, verdict.measure_id);
  }
  if (!short_series.empty() &&
      connection.query(fmt::format("SELECT count(*) FROM report r WHERE {}", eligible))
              .int64(0, 0) > longest_window) {
    auto longer = connection.query(fmt::format(
        "WITH wanted(benchmark, measure) AS (VALUES {0}) "
        "SELECT x.benchmark, x.measure, epoch(r.started), x.value, coalesce(r.commit_hash, '') "
        "FROM metric x JOIN wanted USING (benchmark, measure) JOIN report r ON r.id = x.report "
        "WHERE {1} QUALIFY row_number() OVER (PARTITION BY x.benchmark, x.measure "
        "ORDER BY r.started DESC) <= {2} ORDER BY x.benchmark, x.measure, r.started",
        short_series, eligible, longest_window));
    for (uint64_t row = 0; row < longer.row_count(); ++row) {
      const auto found = index_of.find(key_of(static_cast<int32_t>(longer.int64(0, row)),
                                              static_cast<int32_t>(longer.int64(1, row))));
      if (found != index_of.end()) histories[found->second] = History{};
    }
    read_rows(longer);
  }

  auto started = connection.query("SELECT epoch(" + sql_quote(report.started) + "::TIMESTAMP)");
  const double report_started = started.number(0, 0);
  std::vector<SeriesVerdict> judged;
  judged.reserve(result.verdicts.size());
  for (std::size_t i = 0; i < result.verdicts.size(); ++i) {
    auto& verdict = result.verdicts[i];
    const auto& history = histories[i];
    // Keep the newest window_reports values, and only those within window_seconds.
    std::size_t first =
        history.values.size() > static_cast<std::size_t>(verdict.threshold.window_reports)
            ? history.values.size() - verdict.threshold.window_reports
            : 0;
    if (const auto seconds = verdict.threshold.window_seconds) {
      while (first < history.started.size() &&
             history.started[first] < report_started - static_cast<double>(*seconds)) {
        ++first;
      }
    }
    auto commits = std::span(history.commits).subspan(first);
    judged.push_back(judge(verdict, std::span(history.values).subspan(first), commits, settings));
    // A step that starts at the newest value starts at this report's commit.
    if (verdict.step && verdict.step->first_index == commits.size()) {
      verdict.step_commit = report.commit;
    }
  }
  const auto q_values = control_false_discoveries(judged, settings.false_discovery_rate);
  for (std::size_t i = 0; i < result.verdicts.size(); ++i) {
    auto& verdict = result.verdicts[i];
    verdict.status = judged[i].status;
    verdict.q_value = q_values[i];
    // A rule (an exact history, a configured threshold) is not a test: it is sure by itself.
    if (verdict.status == Status::red && !judged[i].decided_by_test) verdict.q_value = 0;
  }
  result.objectives = apply_objectives(config.objectives, result.verdicts);
  return result;
}

namespace {

// One alert to raise, as a row of SQL values.
std::string alert_row(int32_t benchmark, int32_t measure, std::string_view kind,
                      const std::string& threshold, double value,
                      const std::optional<double>& baseline, const std::optional<double>& limit,
                      const std::string& message) {
  const auto number = [](const std::optional<double>& x) {
    return x ? fmt::format("{}", *x) : std::string("NULL");
  };
  return fmt::format("({}, {}, '{}', {}, {}, {}, {}, {})", benchmark, measure, kind, threshold,
                     value, number(baseline), number(limit), sql_quote(message));
}

}  // namespace

std::size_t store_alerts(db::Connection& connection, const CheckResult& result) {
  const auto id = sql_quote(result.report_id) + "::UUID";
  std::vector<std::string> rows;
  for (const auto& verdict : result.verdicts) {
    if (verdict.status != Status::red) continue;
    const auto limit =
        verdict.direction == Direction::lower_is_better ? verdict.upper_limit : verdict.lower_limit;
    rows.push_back(alert_row(
        verdict.benchmark_id, verdict.measure_id, "regression",
        verdict.threshold.id == 0 ? "NULL" : std::to_string(verdict.threshold.id), verdict.value,
        verdict.baseline, limit, verdict.benchmark + ": " + verdict.describe()));
  }
  for (const auto& objective : result.objectives) {
    if (objective.met) continue;
    rows.push_back(alert_row(objective.benchmark_id, objective.measure_id, "slo", "NULL",
                             objective.value, std::nullopt, objective.objective.limit,
                             objective.describe()));
  }
  std::size_t created = 0;
  if (!rows.empty()) {
    std::string values;
    for (const auto& row : rows) values += (values.empty() ? "" : ", ") + row;
    auto inserted = connection.query(fmt::format(
        "INSERT INTO alert SELECT (SELECT coalesce(max(id), 0) FROM alert) + row_number() OVER "
        "(ORDER BY v.benchmark, v.measure, v.kind), {0}, v.benchmark, v.measure, v.threshold, "
        "v.kind, 'active', v.value, v.baseline, v.limit_value, v.message, now()::TIMESTAMP, "
        "now()::TIMESTAMP FROM (VALUES {1}) v(benchmark, measure, kind, threshold, value, "
        "baseline, limit_value, message) WHERE NOT EXISTS (SELECT 1 FROM alert a WHERE "
        "a.report = {0} AND a.benchmark = v.benchmark AND a.measure = v.measure AND "
        "a.kind = v.kind) RETURNING id",
        id, values));
    created = inserted.row_count();
  }

  // Active alerts of earlier reports of this branch and testbed: few, so judged here one by one.
  auto active = connection.query(
      "SELECT a.id, a.benchmark, a.measure, a.kind, a.limit_value FROM alert a "
      "JOIN report r ON r.id = a.report JOIN report this ON this.id = " +
      id +
      " WHERE a.status = 'active' AND a.report <> this.id AND r.branch = this.branch AND "
      "r.testbed = this.testbed AND r.started < this.started");
  std::unordered_map<uint64_t, const Verdict*> verdict_of;
  for (const auto& verdict : result.verdicts) {
    verdict_of.emplace(key_of(verdict.benchmark_id, verdict.measure_id), &verdict);
  }
  std::string resolved;
  for (uint64_t row = 0; row < active.row_count(); ++row) {
    const auto found = verdict_of.find(key_of(static_cast<int32_t>(active.int64(1, row)),
                                              static_cast<int32_t>(active.int64(2, row))));
    if (found == verdict_of.end() || active.is_null(4, row)) continue;
    const auto& verdict = *found->second;
    const double limit = active.number(4, row);
    bool back = false;
    if (*active.text(3, row) == "slo") {
      const auto met = std::find_if(
          result.objectives.begin(), result.objectives.end(), [&](const ObjectiveResult& o) {
            return o.benchmark_id == verdict.benchmark_id && o.measure_id == verdict.measure_id;
          });
      back = met != result.objectives.end() && met->met;
    } else {
      // Back within the limit it broke: a spike that passed, or a step that was undone. A step
      // that stays is the new baseline but keeps its alert until someone handles it.
      back = verdict.direction == Direction::lower_is_better ? verdict.value <= limit
                                                             : verdict.value >= limit;
    }
    if (back) resolved += (resolved.empty() ? "" : ", ") + std::to_string(active.int64(0, row));
  }
  if (!resolved.empty()) {
    connection.execute(
        "UPDATE alert SET status = 'resolved', updated = now()::TIMESTAMP "
        "WHERE id IN (" +
        resolved + ")");
  }
  return created;
}

}  // namespace perfwatch::detect
