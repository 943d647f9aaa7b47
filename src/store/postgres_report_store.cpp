#include "store/postgres_report_store.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>

#include "core/error.hpp"

namespace perfwatch {
namespace {

constexpr int kAttempts = 4;

int64_t now_unix_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

pg::Parameters::value_type text_or_null(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

template <typename T>
pg::Parameters::value_type optional_number(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return fmt::format("{}", *value);
}

// A row of COPY's text format, one field at a time.
class CopyRows {
 public:
  CopyRows& text(std::string_view value) {
    separate();
    pg::append_copy_field(rows_, value);
    return *this;
  }
  template <typename T>
  CopyRows& number(T value) {
    separate();
    fmt::format_to(std::back_inserter(rows_), "{}", value);
    return *this;
  }
  template <typename T>
  CopyRows& number(const std::optional<T>& value) {
    return value ? number(*value) : null();
  }
  CopyRows& boolean(bool value) { return text(value ? "t" : "f"); }
  CopyRows& null() {
    separate();
    rows_ += "\\N";
    return *this;
  }
  CopyRows& numbers(std::span<const double> values) {
    if (values.empty()) return null();
    separate();
    fmt::format_to(std::back_inserter(rows_), "{{{}}}", fmt::join(values, ","));
    return *this;
  }
  void end_row() {
    rows_ += '\n';
    fields_ = 0;
  }
  void append(const CopyRows& other) { rows_ += other.rows_; }
  void clear() { rows_.clear(); }
  // Sends the rows with `copy_statement`, if there are any.
  void send(pg::Connection& connection, std::string_view copy_statement) const {
    if (!rows_.empty()) connection.copy_in(copy_statement, rows_);
  }

 private:
  void separate() {
    if (fields_++ > 0) rows_ += '\t';
  }
  std::string rows_;
  int fields_ = 0;
};

using KnownIds = PostgresReportStore::KnownIds;

// The COPY rows of a report's records, by table.
struct ReportRows {
  CopyRows metrics;
  CopyRows failures;
  CopyRows resource_samples;
  CopyRows gpu_samples;

  void append(const ReportRows& other) {
    metrics.append(other.metrics);
    failures.append(other.failures);
    resource_samples.append(other.resource_samples);
    gpu_samples.append(other.gpu_samples);
  }
  void clear() {
    for (auto* rows : {&metrics, &failures, &resource_samples, &gpu_samples}) rows->clear();
  }
};

// One transaction's writing: the ids of names it looked up or made, kept for KnownIds once it
// has committed.
class Transaction {
 public:
  Transaction(pg::Connection& connection, KnownIds& known)
      : connection_(connection), known_(known) {}

  std::vector<StoredReport> store(std::span<const PendingReport> reports) {
    connection_.execute("BEGIN");
    std::vector<StoredReport> answers;
    for (const auto& report : reports) answers.push_back(store(report));
    batch_.metrics.send(connection_, "COPY metric FROM STDIN");
    batch_.failures.send(connection_, "COPY run_failure FROM STDIN");
    batch_.resource_samples.send(connection_, "COPY resource_sample FROM STDIN");
    batch_.gpu_samples.send(connection_, "COPY gpu_sample FROM STDIN");
    connection_.execute("COMMIT");
    known_.add(seen_);
    return answers;
  }

  // The id of the row of `table` whose `key` columns hold the given values, made (with the
  // `extra` columns) when there is none; `key` starts with the project for per-project tables.
  int32_t id(const char* table, const std::vector<std::pair<const char*, std::string>>& key,
             const std::vector<std::pair<const char*, std::string>>& extra = {}) {
    std::string cache_key = table;
    std::string condition;
    pg::Parameters parameters;
    for (const auto& [column, value] : key) {
      cache_key.append(1, '\x1f').append(value);
      condition += fmt::format("{}{} = ${}", condition.empty() ? "" : " AND ", column,
                               parameters.size() + 1);
      parameters.emplace_back(value);
    }
    if (auto found = seen_.find(cache_key); found != seen_.end()) return found->second;
    if (auto known = known_.find(cache_key)) return *known;
    const auto select = fmt::format("SELECT id FROM {} WHERE {}", table, condition);
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      auto found = connection_.run(select, parameters);
      if (found->row_count() > 0) {
        const auto id = static_cast<int32_t>(found->int64(0, 0));
        seen_.emplace(cache_key, id);
        return id;
      }
      if (!locked_) {
        connection_.execute(
            fmt::format("SELECT pg_advisory_xact_lock({})", PostgresReportStore::new_names_lock));
        locked_ = true;
        continue;  // a name made before the lock was granted is found now
      }
      std::string columns = "id";
      std::string values = fmt::format("(SELECT coalesce(max(id), 0) + 1 FROM {})", table);
      auto insert_parameters = parameters;
      for (std::size_t i = 0; i < key.size(); ++i) {
        columns += fmt::format(", {}", key[i].first);
        values += fmt::format(", ${}", i + 1);
      }
      for (const auto& [column, value] : extra) {
        insert_parameters.emplace_back(value);
        columns += fmt::format(", {}", column);
        values += fmt::format(", ${}", insert_parameters.size());
      }
      connection_.run(fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING", table,
                                  columns, values),
                      insert_parameters);
    }
    throw db::DatabaseError(
        fmt::format("could not make a {} row for '{}'", table, key.back().second));
  }

 private:
  StoredReport store(const PendingReport& pending);
  bool insert_report(const ReportContext& context, std::string_view content_hash,
                     const std::string& report, const std::string& project, int32_t branch,
                     int32_t testbed);

  pg::Connection& connection_;
  KnownIds& known_;
  std::unordered_map<std::string, int32_t> seen_;
  bool locked_ = false;
  ReportRows batch_;   // the rows of the batch's stored reports
  ReportRows report_;  // the rows of the report being read, until its report row is in
};

// Takes one report's records into COPY rows, resolving names to ids as they come.
class ReportRecords final : public MetricSink {
 public:
  ReportRecords(Transaction& transaction, ReportRows& rows, const std::string& report,
                std::string project, ReportContext& context)
      : transaction_(transaction),
        rows_(rows),
        report_(report),
        project_(std::move(project)),
        context_(context) {}

  void add(const MetricRecord& metric) override {
    auto& row = rows_.metrics;
    row.text(report_).number(benchmark(metric.benchmark, metric.params_json));
    // A measure already stored keeps its units and direction: history stays comparable.
    const auto& measure = *metric.measure;
    row.number(transaction_.id(
        "measure", {{"project", project_}, {"slug", measure.slug}},
        {{"units", measure.units}, {"direction", std::string(to_string(measure.direction))}}));
    row.number(metric.value).number(metric.lower).number(metric.upper).number(metric.n);
    row.numbers(metric.samples).end_row();
    ++metrics_;
  }
  void set_tool_version(std::string_view tool_version) override {
    context_.tool_version = tool_version;
  }
  void add_failure(const RunFailureRecord& failure) override {
    auto& row = rows_.failures;
    row.text(report_).number(benchmark(failure.benchmark, failure.params_json));
    row.number(failure.run_index).number(failure.exit_code).number(failure.term_signal);
    row.boolean(failure.timed_out).text(failure.stderr_tail).end_row();
    ++failures_;
  }
  void add_resource_sample(const ResourceSampleRecord& sample) override {
    auto& row = rows_.resource_samples;
    row.text(report_).number(benchmark(sample.benchmark, sample.params_json)).number(sample.t_ms);
    row.number(sample.cpu_percent).number(sample.rss_bytes);
    row.number(sample.gpu_util_percent).number(sample.gpu_mem_bytes).end_row();
  }
  void add_gpu_sample(const GpuSampleRecord& sample) override {
    auto& row = rows_.gpu_samples;
    row.text(report_).number(benchmark(sample.benchmark, sample.params_json)).number(sample.t_ms);
    row.number(sample.gpu_index).number(sample.sm_clock_mhz).number(sample.mem_clock_mhz);
    row.number(sample.util_percent).number(sample.mem_used_bytes).number(sample.power_w);
    row.number(sample.temperature_c).number(sample.throttle_reasons).boolean(sample.throttled);
    row.end_row();
  }
  uint64_t metrics() const { return metrics_; }
  uint64_t failures() const { return failures_; }

 private:
  int32_t benchmark(std::string_view name, std::string_view params) {
    return transaction_.id(
        "benchmark",
        {{"project", project_}, {"name", std::string(name)}, {"params", std::string(params)}});
  }

  Transaction& transaction_;
  ReportRows& rows_;
  const std::string& report_;
  std::string project_;
  ReportContext& context_;
  uint64_t metrics_ = 0;
  uint64_t failures_ = 0;
};

StoredReport Transaction::store(const PendingReport& pending) {
  ReportContext context = *pending.context;  // the records may set its tool version
  const auto project =
      std::to_string(id("project", {{"slug", context.project}}, {{"name", context.project}}));
  const auto branch = id("branch", {{"project", project}, {"name", context.branch}});
  const auto testbed = id("testbed", {{"project", project}, {"name", context.testbed}});
  StoredReport answer{report_id_for(context, pending.content_hash.get())};
  report_.clear();
  ReportRecords records(*this, report_, answer.report_id, project, context);
  pending.records(records);
  if (records.metrics() == 0 && records.failures() == 0) {
    throw InputError(context.source + ": holds no benchmark results; nothing was stored");
  }
  if (!insert_report(context, pending.content_hash.get(), answer.report_id, project, branch,
                     testbed)) {
    return answer;
  }
  connection_.run("UPDATE testbed SET fingerprint = $1 WHERE id = $2 AND fingerprint <> $1",
                  {context.testbed_fingerprint.dump(), std::to_string(testbed)});
  batch_.append(report_);
  answer.stored = true;
  answer.metrics = records.metrics();
  answer.failures = records.failures();
  return answer;
}

// Inserts the report row; false when a report with this id is already there (or another
// transaction is committing it: PostgreSQL waits for that one's outcome first).
bool Transaction::insert_report(const ReportContext& context, std::string_view content_hash,
                                const std::string& report, const std::string& project,
                                int32_t branch, int32_t testbed) {
  const auto& git = context.git;
  const auto ingested = now_unix_us();
  const auto started = context.started_unix_us ? context.started_unix_us : ingested;
  const auto ended = context.ended_unix_us ? context.ended_unix_us : started;
  const auto micros = [](std::optional<int64_t> seconds) {
    return seconds ? std::optional<int64_t>(*seconds * 1'000'000) : std::nullopt;
  };
  constexpr auto time = [](int n) {
    return fmt::format("timestamp 'epoch' + ${}::bigint * interval '1 microsecond'", n);
  };
  const auto sql = fmt::format(
      "INSERT INTO report VALUES ($1::uuid, $2, $3, $4, $5, {}, {}, $8, {}, {}, {}, $12, $13, "
      "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23) ON CONFLICT (id) DO NOTHING "
      "RETURNING id",
      time(6), time(7), time(9), time(10), time(11));
  auto inserted = connection_.run(sql, {report,
                                        project,
                                        std::to_string(branch),
                                        std::to_string(testbed),
                                        text_or_null(git.commit),
                                        optional_number(micros(git.commit_time_unix_s)),
                                        optional_number(micros(git.author_time_unix_s)),
                                        git.dirty ? "true" : "false",
                                        std::to_string(started),
                                        std::to_string(ended),
                                        std::to_string(ingested),
                                        text_or_null(context.ci.provider),
                                        text_or_null(context.ci.run_id),
                                        text_or_null(context.ci.run_url),
                                        text_or_null(context.ci.pr_number),
                                        text_or_null(context.ci.base_branch),
                                        text_or_null(context.source),
                                        context.adapter,
                                        text_or_null(context.tool_version),
                                        text_or_null(context.profile),
                                        context.settings.dump(),
                                        context.testbed_fingerprint.dump(),
                                        std::string(content_hash)});
  return inserted->row_count() > 0;
}

}  // namespace

std::optional<int32_t> PostgresReportStore::KnownIds::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  const auto found = ids_.find(key);
  if (found == ids_.end()) return std::nullopt;
  return found->second;
}

void PostgresReportStore::KnownIds::add(const std::unordered_map<std::string, int32_t>& ids) {
  std::lock_guard lock(mutex_);
  ids_.insert(ids.begin(), ids.end());
}

std::vector<StoredReport> PostgresReportStore::store(std::span<const PendingReport> reports) {
  for (int attempt = 1;; ++attempt) {
    try {
      return Transaction(connection_, known_).store(reports);
    } catch (const pg::Error& error) {
      connection_.execute("ROLLBACK");
      if (!error.transient() || attempt == kAttempts) throw;
    } catch (...) {
      connection_.execute("ROLLBACK");
      throw;
    }
  }
}

}  // namespace perfwatch
