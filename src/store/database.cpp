#include "store/database.hpp"

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/error.hpp"
#include "store/schema.hpp"

namespace perfwatch {
namespace {

// DuckDB files carry "DUCK" at byte 8 (the main header's magic bytes).
bool looks_like_duckdb_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  char header[12] = {};
  if (!file.read(header, sizeof header)) return false;
  return std::string_view(header + 8, 4) == "DUCK";
}

constexpr std::string_view kElsewhere = "pass --db with another path";

bool is_lock_conflict(std::string_view message) {
  return message.find("Could not set lock") != std::string_view::npos ||
         message.find("Conflicting lock") != std::string_view::npos;
}

// Opens the DuckDB file, retrying while another process holds a conflicting lock.
duckdb_database open_with_retry(const OpenOptions& options, AccessMode mode) {
  const auto deadline = std::chrono::steady_clock::now() + options.lock_timeout;
  auto pause = std::chrono::milliseconds(20);
  while (true) {
    duckdb_config config = nullptr;
    duckdb_create_config(&config);
    duckdb_set_config(config, "access_mode",
                      mode == AccessMode::read_only ? "READ_ONLY" : "READ_WRITE");
    // perfwatch never loads extensions: the machine may have no network.
    duckdb_set_config(config, "autoinstall_known_extensions", "false");
    // FSST's analysis costs ~1.7 M instructions per string column at every checkpoint, even of
    // a table of one row: 21 % of a one-metric ingest (docs/performance.md, fixed8). Strings
    // are then kept uncompressed or as a dictionary, which every DuckDB reads.
    duckdb_set_config(config, "disabled_compression_methods", "fsst");
    duckdb_database database = nullptr;
    char* error = nullptr;
    const auto state = duckdb_open_ext(options.path.c_str(), &database, config, &error);
    duckdb_destroy_config(&config);
    if (state == DuckDBSuccess) return database;
    std::string message = error ? error : "unknown error";
    duckdb_free(error);
    if (!is_lock_conflict(message)) {
      throw InputError(options.path + ": cannot open database: " + message);
    }
    if (std::chrono::steady_clock::now() + pause > deadline) {
      throw InputError(options.path + ": another process is using the database and did not " +
                       "release it within " + std::to_string(options.lock_timeout.count()) +
                       " ms; retry later or raise --lock-timeout (" + message + ")");
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

// The file's schema version, refused as checked_schema_version refuses it, found without
// listing the tables where that can be avoided (listing them makes DuckDB build its default
// views first, a third of a tiny ingest's cost to open a file): a file with perfwatch_meta
// reads its version there, and a file this open created holds nothing yet. Only a file
// without perfwatch_meta that was there before is listed, to tell empty from foreign.
int64_t checked_file_schema_version(db::Connection& connection, const std::string& path,
                                    bool created) {
  if (connection.has_table("perfwatch_meta")) {
    return checked_schema_version(recorded_schema_version(connection), path, kElsewhere);
  }
  if (created) return 0;
  return checked_schema_version(connection, path, kElsewhere);
}

}  // namespace

Database::Database(std::string path, duckdb_database database)
    : path_(std::move(path)),
      database_(database),
      connection_(std::make_unique<db::Connection>(database)) {}

Database::~Database() {
  connection_.reset();
  duckdb_close(&database_);
}

std::unique_ptr<Database> Database::open(const OpenOptions& options) {
  namespace fs = std::filesystem;
  std::error_code error;
  const bool exists = fs::exists(options.path, error);
  if (exists && fs::is_directory(options.path, error)) {
    throw InputError(options.path + ": is a directory, not a database file");
  }
  if (!exists && options.mode == AccessMode::read_only) {
    throw InputError(options.path + ": no perfwatch database here; create one with " +
                     "`perfwatch ingest` or `perfwatch run`, or pass --db PATH");
  }
  if (exists && fs::file_size(options.path, error) > 0 && !looks_like_duckdb_file(options.path)) {
    throw InputError(options.path + ": not a DuckDB database file; perfwatch leaves it untouched");
  }

  // Look before writing where opening for writing could write: DuckDB replays a WAL into the
  // file at the first checkpoint, so with one present a foreign or newer database is refused
  // from a read-only open. Without one, DuckDB writes nothing until something changes (an
  // open for writing, a query and a close: no write, no fsync; strace, docs/performance.md),
  // and a refused file is left as it was without a second open (~70 M instructions).
  const bool has_wal = fs::exists(options.path + ".wal", error);
  if (exists && (options.mode == AccessMode::read_only || has_wal)) {
    std::unique_ptr<Database> peek(
        new Database(options.path, open_with_retry(options, AccessMode::read_only)));
    const auto version = checked_file_schema_version(peek->connection(), options.path, false);
    if (options.mode == AccessMode::read_only && version == current_schema_version()) return peek;
  }

  // Neither the file nor a WAL that DuckDB would replay into it: the open creates it empty.
  const bool created = !exists && !has_wal;
  std::unique_ptr<Database> database(
      new Database(options.path, open_with_retry(options, AccessMode::read_write)));
  const auto version = checked_file_schema_version(database->connection(), options.path, created);
  migrate(database->connection(), version, current_schema_version());
  if (options.mode == AccessMode::read_only) {
    database.reset();
    return std::unique_ptr<Database>(
        new Database(options.path, open_with_retry(options, AccessMode::read_only)));
  }
  return database;
}

void Database::use_one_thread() { connection_->query("SET threads = 1"); }

bool Database::checkpoint_for_exit() {
  connection_->query("CHECKPOINT");
  return connection_->query("SELECT count(*) FROM duckdb_temporary_files()").int64(0, 0) == 0;
}

}  // namespace perfwatch
