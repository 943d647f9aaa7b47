#include "store/report_writer.hpp"

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "store/rows.hpp"

namespace perfwatch {

std::string report_id_for(const ReportContext& context, std::string_view content_hash) {
  std::string identity = context.project;
  for (std::string_view part :
       {std::string_view(context.testbed), std::string_view(context.git.commit), content_hash}) {
    identity += '\0';
    identity += part;
  }
  auto hex = sha256_hex(identity).substr(0, 32);
  hex[12] = '8';  // UUID version 8: a name-based UUID of our own making (RFC 9562)
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // RFC variant bits
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

ReportWriter::ReportWriter(Database& database, ReportContext context, std::string_view content_hash)
    : database_(database),
      context_(std::move(context)),
      content_hash_(content_hash),
      report_id_(report_id_for(context_, content_hash)),
      report_uuid_(db::uuid_from_text(report_id_)) {
  auto& connection = database_.connection();
  connection.execute("BEGIN TRANSACTION");
  try {
    already_stored_ = db::Prepared(connection, "SELECT 1 FROM report WHERE id = ?::UUID")
                          .bind(1, std::string_view(report_id_))
                          .run()
                          .row_count() > 0;
    if (already_stored_) return;
    project_id_ = id_of("project", "slug", context_.project);
    load_benchmarks_and_measures();
    benchmark_appender_ = std::make_unique<db::ChunkAppender>(connection, "benchmark");
    metric_appender_ = std::make_unique<db::ChunkAppender>(connection, "metric");
  } catch (...) {
    connection.execute("ROLLBACK");
    throw;
  }
}

ReportWriter::~ReportWriter() {
  if (finished_) return;
  // Appenders flush what they buffer when destroyed: drop them while the transaction is still
  // open, so that the rollback discards their rows too.
  gpu_appender_.reset();
  resource_appender_.reset();
  metric_appender_.reset();
  benchmark_appender_.reset();
  try {
    database_.connection().execute("ROLLBACK");
  } catch (const db::DatabaseError&) {
    // Nothing was committed; the database discards the transaction when it closes.
  }
}

// Id of the row of `table` (project, or a per-project table) named `name`, inserting it if new.
int32_t ReportWriter::id_of(const char* table, std::string_view name_column,
                            std::string_view name) {
  auto& connection = database_.connection();
  const std::string table_name(table);
  const std::string column(name_column);
  const bool per_project = table_name != "project";
  const std::string scope = per_project ? " AND project = " + std::to_string(project_id_) : "";
  auto found =
      db::Prepared(connection, "SELECT id FROM " + table_name + " WHERE " + column + " = ?" + scope)
          .bind(1, name)
          .run();
  if (found.row_count() > 0) return static_cast<int32_t>(found.int64(0, 0));
  const std::string columns = per_project ? "(id, project, " + column + ")" : "(id, slug, name)";
  const std::string values = per_project ? std::to_string(project_id_) + ", ?" : "?, ?";
  db::Prepared inserted(connection, "INSERT INTO " + table_name + " " + columns +
                                        " SELECT coalesce(max(id), 0) + 1, " + values + " FROM " +
                                        table_name + " RETURNING id");
  inserted.bind(1, name);
  if (!per_project) inserted.bind(2, name);
  return static_cast<int32_t>(inserted.run().int64(0, 0));
}

void ReportWriter::load_benchmarks_and_measures() {
  auto& connection = database_.connection();
  const auto project = std::to_string(project_id_);
  auto benchmarks =
      connection.query("SELECT id, name, params FROM benchmark WHERE project = " + project);
  for (uint64_t row = 0; row < benchmarks.row_count(); ++row) {
    benchmark_ids_.emplace(*benchmarks.text(1, row) + '\x1f' + *benchmarks.text(2, row),
                           static_cast<int32_t>(benchmarks.int64(0, row)));
  }
  auto measures = connection.query("SELECT id, slug FROM measure WHERE project = " + project);
  for (uint64_t row = 0; row < measures.row_count(); ++row) {
    measure_ids_.emplace(*measures.text(1, row), static_cast<int32_t>(measures.int64(0, row)));
  }
  auto next = connection.query(
      "SELECT (SELECT coalesce(max(id), 0) + 1 FROM benchmark), "
      "(SELECT coalesce(max(id), 0) + 1 FROM measure)");
  next_benchmark_id_ = static_cast<int32_t>(next.int64(0, 0));
  next_measure_id_ = static_cast<int32_t>(next.int64(1, 0));
}

int32_t ReportWriter::measure_id(const Measure& measure) {
  auto found = measure_ids_.find(measure.slug);
  if (found != measure_ids_.end()) return found->second;
  // A measure already stored keeps its units and direction: history stays comparable.
  const auto id = next_measure_id_++;
  db::Prepared(database_.connection(), "INSERT INTO measure VALUES (?, ?, ?, ?, ?)")
      .bind(1, int64_t{id})
      .bind(2, int64_t{project_id_})
      .bind(3, std::string_view(measure.slug))
      .bind(4, std::string_view(measure.units))
      .bind(5, to_string(measure.direction))
      .run();
  measure_ids_.emplace(measure.slug, id);
  return id;
}

int32_t ReportWriter::benchmark_id(std::string_view name, std::string_view params_json) {
  key_buffer_.assign(name).append(1, '\x1f').append(params_json);
  auto found = benchmark_ids_.find(key_buffer_);
  if (found != benchmark_ids_.end()) return found->second;
  const auto id = next_benchmark_id_++;
  rows::append_benchmark(*benchmark_appender_, id, project_id_, name, params_json);
  benchmark_ids_.emplace(key_buffer_, id);
  return id;
}

void ReportWriter::add(const MetricRecord& metric) {
  if (already_stored_) return;
  const auto benchmark = benchmark_id(metric.benchmark, metric.params_json);
  const auto measure = measure_id(*metric.measure);
  rows::append_metric(*metric_appender_, report_uuid_, benchmark, measure, metric);
  ++metric_count_;
}

void ReportWriter::add_failure(const RunFailureRecord& failure) {
  if (already_stored_) return;
  const auto benchmark = benchmark_id(failure.benchmark, failure.params_json);
  db::Prepared insert(database_.connection(),
                      "INSERT INTO run_failure VALUES (?::UUID, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, std::string_view(report_id_))
      .bind(2, int64_t{benchmark})
      .bind(3, int64_t{failure.run_index});
  failure.exit_code ? insert.bind(4, int64_t{*failure.exit_code}) : insert.bind_null(4);
  failure.term_signal ? insert.bind(5, int64_t{*failure.term_signal}) : insert.bind_null(5);
  insert.bind(6, failure.timed_out).bind(7, failure.stderr_tail).run();
  ++failure_count_;
}

void ReportWriter::add_resource_sample(const ResourceSampleRecord& sample) {
  if (already_stored_) return;
  const auto benchmark = benchmark_id(sample.benchmark, sample.params_json);
  if (!resource_appender_) {
    resource_appender_ =
        std::make_unique<db::ChunkAppender>(database_.connection(), "resource_sample");
  }
  rows::append_resource_sample(*resource_appender_, report_uuid_, benchmark, sample);
}

void ReportWriter::add_gpu_sample(const GpuSampleRecord& sample) {
  if (already_stored_) return;
  const auto benchmark = benchmark_id(sample.benchmark, sample.params_json);
  if (!gpu_appender_) {
    gpu_appender_ = std::make_unique<db::ChunkAppender>(database_.connection(), "gpu_sample");
  }
  rows::append_gpu_sample(*gpu_appender_, report_uuid_, benchmark, sample);
}

void ReportWriter::set_tool_version(std::string_view tool_version) {
  context_.tool_version = tool_version;
}

void ReportWriter::insert_report_row() {
  auto& connection = database_.connection();
  const auto branch = id_of("branch", "name", context_.branch);
  const auto testbed = id_of("testbed", "name", context_.testbed);
  db::Prepared(connection, "UPDATE testbed SET fingerprint = ? WHERE id = ?")
      .bind(1, std::string_view(context_.testbed_fingerprint.dump()))
      .bind(2, int64_t{testbed})
      .run();
  const auto ingested = rows::now_unix_us();
  const auto started = context_.started_unix_us ? context_.started_unix_us : ingested;
  const auto ended = context_.ended_unix_us ? context_.ended_unix_us : started;
  db::Prepared insert(connection,
                      "INSERT INTO report VALUES (?::UUID, ?, ?, ?, ?, make_timestamp(?), "
                      "make_timestamp(?), ?, make_timestamp(?), make_timestamp(?), "
                      "make_timestamp(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, std::string_view(report_id_))
      .bind(2, int64_t{project_id_})
      .bind(3, int64_t{branch})
      .bind(4, int64_t{testbed})
      .bind_text_or_null(5, context_.git.commit);
  const auto& git = context_.git;
  git.commit_time_unix_s ? insert.bind(6, *git.commit_time_unix_s * 1'000'000)
                         : insert.bind_null(6);
  git.author_time_unix_s ? insert.bind(7, *git.author_time_unix_s * 1'000'000)
                         : insert.bind_null(7);
  insert.bind(8, git.dirty)
      .bind(9, started)
      .bind(10, ended)
      .bind(11, ingested)
      .bind_text_or_null(12, context_.ci.provider)
      .bind_text_or_null(13, context_.ci.run_id)
      .bind_text_or_null(14, context_.ci.run_url)
      .bind_text_or_null(15, context_.ci.pr_number)
      .bind_text_or_null(16, context_.ci.base_branch)
      .bind_text_or_null(17, context_.source)
      .bind(18, std::string_view(context_.adapter))
      .bind_text_or_null(19, context_.tool_version)
      .bind_text_or_null(20, context_.profile)
      .bind(21, std::string_view(context_.settings.dump()))
      .bind(22, std::string_view(context_.testbed_fingerprint.dump()))
      .bind(23, std::string_view(content_hash_))
      .run();
}

void ReportWriter::commit() {
  if (already_stored_) {
    database_.connection().execute("ROLLBACK");
    finished_ = true;
    return;
  }
  if (metric_count_ == 0 && failure_count_ == 0) {
    throw InputError(context_.source + ": holds no benchmark results; nothing was stored");
  }
  benchmark_appender_->flush();
  metric_appender_->flush();
  if (resource_appender_) resource_appender_->flush();
  if (gpu_appender_) gpu_appender_->flush();
  benchmark_appender_.reset();
  metric_appender_.reset();
  resource_appender_.reset();
  gpu_appender_.reset();
  insert_report_row();
  database_.connection().execute("COMMIT");
  finished_ = true;
}

}  // namespace perfwatch
