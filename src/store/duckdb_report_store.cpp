#include "store/duckdb_report_store.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/metric_stream.hpp"
#include "store/rows.hpp"

namespace perfwatch {
namespace {

// `project` and `name` as a key of a per-project table's NamedIds.
std::string& per_project_key(std::string& key, int32_t project, std::string_view name) {
  return key.assign(std::to_string(project)).append(1, '\x1f').append(name);
}

// Thrown through a report's records when its id, known only once its content hash is there,
// turns out to be stored already: the records stop, and nothing of the report is written. Not a
// std::exception, so that no handler on the way mistakes it for an error.
struct AlreadyStored {};

}  // namespace

// The batch's appenders, one per table that gets many rows, and the metric rows. Destroying the
// appenders hands what they buffer to the transaction: on failure that happens before the
// rollback, which discards it. An appender waits for the metric rows' INSERT, which uses the
// connection on a thread of its own, before it hands DuckDB rows.
struct DuckdbReportStore::Appenders {
  Appenders(db::Connection& connection, MetricStream& metrics)
      : metrics(metrics),
        reports(connection, "report"),
        benchmarks(connection, "benchmark"),
        measures(connection, "measure"),
        failures(connection, "run_failure"),
        resource_samples(connection, "resource_sample"),
        gpu_samples(connection, "gpu_sample") {
    for (auto* appender :
         {&reports, &benchmarks, &measures, &failures, &resource_samples, &gpu_samples}) {
      appender->before_handing_rows([&metrics] { metrics.pause(); });
    }
  }

  ~Appenders() { metrics.discard(); }  // what flush() did not insert is not wanted

  void flush() {
    metrics.flush();
    for (const auto& benchmark : new_benchmarks) {
      rows::append_benchmark(benchmarks, benchmark.id, benchmark.project, benchmark.name,
                             benchmark.params_json);
    }
    for (const auto& measure : new_measures) {
      rows::append_measure(measures, measure.id, measure.project, measure.measure);
    }
    for (auto* appender :
         {&benchmarks, &measures, &failures, &resource_samples, &gpu_samples, &reports}) {
      appender->flush();
    }
  }

  // The benchmarks and measures new in this batch, appended only by flush(): an appender that
  // hands DuckDB rows mid-batch pauses the metric INSERT, and each pause drains the stream
  // (the reading waits while the INSERT empties it, then the INSERT waits for rows).
  struct NewBenchmark {
    int32_t id;
    int32_t project;
    std::string name;
    std::string params_json;
  };
  struct NewMeasure {
    int32_t id;
    int32_t project;
    Measure measure;
  };
  std::vector<NewBenchmark> new_benchmarks;
  std::vector<NewMeasure> new_measures;

  MetricStream& metrics;
  db::ChunkAppender reports;
  db::ChunkAppender benchmarks;
  db::ChunkAppender measures;
  db::ChunkAppender failures;
  db::ChunkAppender resource_samples;
  db::ChunkAppender gpu_samples;
};

// Takes one report's records into the batch's appenders. The report's id is asked of
// `report_id` once, when a row first needs it (metric rows: once the hash is there, or when
// the metric stream cannot keep more rows without it), so that the records can be read while
// the content hash is still being computed.
class DuckdbReportStore::ReportRecords final : public MetricSink {
 public:
  ReportRecords(DuckdbReportStore& writer, Appenders& out, ReportIdSource report_id,
                int32_t project, ReportContext& context)
      : writer_(writer), out_(out), project_(project), context_(context) {
    out_.metrics.begin_report(std::move(report_id));
  }

  // The report's id; throws what `report_id` throws (AlreadyStored).
  duckdb_hugeint report_id() { return out_.metrics.report_id(); }

  void add(const MetricRecord& metric) override {
    const auto benchmark = benchmark_id(metric.benchmark, metric.params_json);
    out_.metrics.add(benchmark, measure_id(*metric.measure), metric);
    ++metrics_;
  }
  void set_tool_version(std::string_view tool_version) override {
    context_.tool_version = tool_version;
  }
  void add_failure(const RunFailureRecord& failure) override {
    rows::append_run_failure(out_.failures, report_id(),
                             benchmark_id(failure.benchmark, failure.params_json), failure);
    ++failures_;
  }
  void add_resource_sample(const ResourceSampleRecord& sample) override {
    rows::append_resource_sample(out_.resource_samples, report_id(),
                                 benchmark_id(sample.benchmark, sample.params_json), sample);
  }
  void add_gpu_sample(const GpuSampleRecord& sample) override {
    rows::append_gpu_sample(out_.gpu_samples, report_id(),
                            benchmark_id(sample.benchmark, sample.params_json), sample);
  }
  uint64_t metrics() const { return metrics_; }
  uint64_t failures() const { return failures_; }

 private:
  // Harnesses list a benchmark's measures together: its id is asked for many times in a row,
  // and answered without building the key of the store's map.
  int32_t benchmark_id(std::string_view name, std::string_view params_json) {
    if (last_benchmark_ && name == last_name_ && params_json == last_params_) {
      return *last_benchmark_;
    }
    last_benchmark_ = writer_.benchmark_id(project_, name, params_json, out_);
    last_name_.assign(name);
    last_params_.assign(params_json);
    return *last_benchmark_;
  }
  // The report's measures by slug, looked up without allocating.
  int32_t measure_id(const Measure& measure) {
    const auto found = measures_.find(std::string_view(measure.slug));
    if (found != measures_.end()) return found->second;
    const auto id = writer_.measure_id(project_, measure, out_);
    measures_.emplace(measure.slug, id);
    return id;
  }
  struct SlugHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view slug) const {
      return std::hash<std::string_view>()(slug);
    }
  };

  DuckdbReportStore& writer_;
  Appenders& out_;
  int32_t project_;
  ReportContext& context_;
  uint64_t metrics_ = 0;
  uint64_t failures_ = 0;
  std::optional<int32_t> last_benchmark_;
  std::string last_name_;
  std::string last_params_;
  std::unordered_map<std::string, int32_t, SlugHash, std::equal_to<>> measures_;
};

std::pair<int32_t, bool> DuckdbReportStore::NamedIds::get(const std::string& key) {
  const auto [found, added] = ids.try_emplace(key, next);
  if (added) ++next;
  return {found->second, added};
}

DuckdbReportStore::DuckdbReportStore(db::Connection& connection) : connection_(connection) {}

db::Connection& DuckdbReportStore::idle_connection() {
  if (metric_stream_) metric_stream_->pause();
  return connection_;
}

DuckdbReportStore::~DuckdbReportStore() = default;

void DuckdbReportStore::load_ids() {
  // Each query gives the id, then the columns that make the key, then the table's next id.
  const auto load = [this](NamedIds& named, const std::string& table, const std::string& key) {
    named = {};
    auto rows = connection_.query("SELECT id, " + key + " FROM " + table);
    const auto columns = rows.column_count();
    for (uint64_t row = 0; row < rows.row_count(); ++row) {
      std::string joined = *rows.text(1, row);
      for (uint64_t column = 2; column < columns; ++column) {
        joined.append(1, '\x1f').append(*rows.text(column, row));
      }
      named.ids.emplace(std::move(joined), static_cast<int32_t>(rows.int64(0, row)));
    }
    named.next = static_cast<int32_t>(
        connection_.query("SELECT coalesce(max(id), 0) + 1 FROM " + table).int64(0, 0));
  };
  load(projects_, "project", "slug");
  load(branches_, "branch", "project, name");
  load(testbeds_, "testbed", "project, name");
  load(benchmarks_, "benchmark", "project, name, params");
  load(measures_, "measure", "project, slug");
  reports_.clear();
  auto reports = connection_.query("SELECT id::VARCHAR FROM report");
  for (uint64_t row = 0; row < reports.row_count(); ++row) {
    reports_.insert(db::uuid_from_text(*reports.text(0, row)));
  }
  testbed_fingerprints_.clear();
  auto fingerprints = connection_.query("SELECT id, fingerprint FROM testbed");
  for (uint64_t row = 0; row < fingerprints.row_count(); ++row) {
    testbed_fingerprints_.emplace(static_cast<int32_t>(fingerprints.int64(0, row)),
                                  *fingerprints.text(1, row));
  }
  ids_loaded_ = true;
}

std::vector<StoredReport> DuckdbReportStore::store(std::span<const PendingReport> reports) {
  std::vector<StoredReport> written(reports.size());
  UuidSet in_batch;
  if (!metric_stream_) metric_stream_ = std::make_unique<MetricStream>(connection_);
  connection_.execute("BEGIN TRANSACTION");
  try {
    if (!ids_loaded_) load_ids();
    Appenders out(connection_, *metric_stream_);
    const auto ingested = rows::now_unix_us();
    for (std::size_t index = 0; index < reports.size(); ++index) {
      const auto& pending = reports[index];
      auto& report = written[index];
      // A report whose hash is known now and that is stored already is not even read.
      if (pending.content_hash.ready()) {
        report.report_id = report_id_for(*pending.context, pending.content_hash.get());
        const auto uuid = db::uuid_from_text(report.report_id);
        if (reports_.contains(uuid) || in_batch.contains(uuid)) continue;
      }
      store_one(pending, out, ingested, in_batch, report);
    }
    out.flush();
  } catch (...) {
    ids_loaded_ = false;
    try {
      connection_.execute("ROLLBACK");
    } catch (const db::DatabaseError&) {
      // The transaction is gone already; what failed is what the caller must hear of.
    }
    throw;
  }
  try {
    connection_.execute("COMMIT");
  } catch (...) {
    ids_loaded_ = false;  // DuckDB rolled the transaction back
    throw;
  }
  reports_.merge(in_batch);
  return written;
}

// The project is made before the records are read (their benchmarks and measures belong to
// it); a report found stored already once its hash is there has its project, benchmarks and
// measures stored too, so nothing is written for it. Its branch, testbed and report row are
// written only once it is known to be new.
void DuckdbReportStore::store_one(const PendingReport& report, Appenders& out, int64_t ingested_us,
                                  UuidSet& in_batch, StoredReport& answer) {
  ReportContext context = *report.context;  // the records may set its tool version
  rows::ReportIds ids{};
  ids.project = project_id(context.project);
  const auto new_report_id = [&] {
    answer.report_id = report_id_for(*report.context, report.content_hash.get());
    const auto uuid = db::uuid_from_text(answer.report_id);
    if (reports_.contains(uuid) || !in_batch.insert(uuid).second) throw AlreadyStored{};
    // Known new now: its branch and testbed are made while its metric rows wait for this id
    // anyway, not after its records, when the metric INSERT would have to end for them.
    ids.branch = branch_id(ids.project, context.branch);
    ids.testbed = testbed_id(ids.project, context);
    return uuid;
  };
  ReportRecords records(*this, out, {[&] { return report.content_hash.ready(); }, new_report_id},
                        ids.project, context);
  try {
    report.records(records);
    ids.report = records.report_id();
  } catch (const AlreadyStored&) {
    out.metrics.forget_report();
    return;
  }
  if (records.metrics() == 0 && records.failures() == 0) {
    throw InputError(context.source + ": holds no benchmark results; nothing was stored");
  }
  rows::append_report(out.reports, ids, context, report.content_hash.get(), ingested_us);
  answer.stored = true;
  answer.metrics = records.metrics();
  answer.failures = records.failures();
}

int32_t DuckdbReportStore::project_id(const std::string& slug) {
  const auto [id, added] = projects_.get(slug);
  if (added) {
    db::Prepared(idle_connection(), "INSERT INTO project VALUES (?, ?, ?)")
        .bind(1, int64_t{id})
        .bind(2, std::string_view(slug))
        .bind(3, std::string_view(slug))
        .run();
  }
  return id;
}

int32_t DuckdbReportStore::branch_id(int32_t project, const std::string& name) {
  const auto [id, added] = branches_.get(per_project_key(key_buffer_, project, name));
  if (added) {
    db::Prepared(idle_connection(), "INSERT INTO branch (id, project, name) VALUES (?, ?, ?)")
        .bind(1, int64_t{id})
        .bind(2, int64_t{project})
        .bind(3, std::string_view(name))
        .run();
  }
  return id;
}

// A testbed keeps the fingerprint of its latest report.
int32_t DuckdbReportStore::testbed_id(int32_t project, const ReportContext& context) {
  const auto [id, added] = testbeds_.get(per_project_key(key_buffer_, project, context.testbed));
  auto fingerprint = context.testbed_fingerprint.dump();
  if (added) {
    db::Prepared(idle_connection(),
                 "INSERT INTO testbed (id, project, name, fingerprint) VALUES (?, ?, ?, ?)")
        .bind(1, int64_t{id})
        .bind(2, int64_t{project})
        .bind(3, std::string_view(context.testbed))
        .bind(4, std::string_view(fingerprint))
        .run();
  } else if (testbed_fingerprints_[id] != fingerprint) {
    db::Prepared(idle_connection(), "UPDATE testbed SET fingerprint = ? WHERE id = ?")
        .bind(1, std::string_view(fingerprint))
        .bind(2, int64_t{id})
        .run();
  }
  testbed_fingerprints_[id] = std::move(fingerprint);
  return id;
}

int32_t DuckdbReportStore::benchmark_id(int32_t project, std::string_view name,
                                        std::string_view params_json, Appenders& out) {
  per_project_key(key_buffer_, project, name).append(1, '\x1f').append(params_json);
  const auto [id, added] = benchmarks_.get(key_buffer_);
  if (added) {
    out.new_benchmarks.push_back({id, project, std::string(name), std::string(params_json)});
  }
  return id;
}

// A measure already stored keeps its units and direction: history stays comparable.
int32_t DuckdbReportStore::measure_id(int32_t project, const Measure& measure, Appenders& out) {
  const auto [id, added] = measures_.get(per_project_key(key_buffer_, project, measure.slug));
  if (added) out.new_measures.push_back({id, project, measure});
  return id;
}

}  // namespace perfwatch
