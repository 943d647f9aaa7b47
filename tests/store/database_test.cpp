#include "store/database.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/error.hpp"
#include "store/schema.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::ScratchDir;

// A DuckDB file made without perfwatch, holding whatever `sql` creates.
void make_plain_duckdb(const std::string& path, const std::string& sql) {
  duckdb_database database;
  ASSERT_EQ(duckdb_open(path.c_str(), &database), DuckDBSuccess);
  {
    db::Connection connection(database);
    connection.execute(sql);
  }
  duckdb_close(&database);
}

// Opening `path` is refused with a message containing `reason`, and the file is left as it was.
void expect_refused_untouched(const std::string& path, const std::string& reason) {
  const auto before = testing::read_file(path);
  try {
    Database::open({path});
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(reason), std::string::npos) << error.what();
  }
  EXPECT_EQ(testing::read_file(path), before);
}

TEST(Database, NewFileGetsCurrentSchema) {
  ScratchDir dir;
  auto database = Database::open({(dir / "new.duckdb").string()});
  EXPECT_EQ(stored_schema_version(database->connection()), current_schema_version());
}

TEST(Database, ReadOnlyOpenOfMissingFileIsAnInputError) {
  ScratchDir dir;
  OpenOptions options{(dir / "missing.duckdb").string(), AccessMode::read_only};
  EXPECT_THROW(Database::open(options), InputError);
  EXPECT_FALSE(std::filesystem::exists(dir / "missing.duckdb"));
}

TEST(Database, ForeignDuckDbFileIsRefusedAndLeftUnmodified) {
  ScratchDir dir;
  const auto path = (dir / "theirs.duckdb").string();
  make_plain_duckdb(path, "CREATE TABLE orders (id INTEGER); INSERT INTO orders VALUES (1)");
  expect_refused_untouched(path, "not a perfwatch database");
}

// An existing DuckDB file without perfwatch_meta is listed to tell empty from foreign: an empty
// one becomes a perfwatch database.
TEST(Database, EmptyDuckDbFileGetsCurrentSchema) {
  ScratchDir dir;
  const auto path = (dir / "empty.duckdb").string();
  make_plain_duckdb(path, "CHECKPOINT");
  auto database = Database::open({path});
  EXPECT_EQ(stored_schema_version(database->connection()), current_schema_version());
}

// perfwatch_meta is read without listing the tables first: its format is still checked.
TEST(Database, PerfwatchMetaOfAnotherFormatIsRefusedAndLeftUnmodified) {
  ScratchDir dir;
  const auto path = (dir / "other.duckdb").string();
  make_plain_duckdb(
      path,
      "CREATE TABLE perfwatch_meta (key VARCHAR, value VARCHAR); "
      "INSERT INTO perfwatch_meta VALUES ('format', 'other'), ('schema_version', '1')");
  expect_refused_untouched(path, "not a perfwatch database");
}

// FSST is left out of the compression DuckDB tries at a checkpoint (database.cpp): strings are
// stored uncompressed or as a dictionary, never as FSST.
TEST(Database, StringsAreNotStoredWithFsst) {
  ScratchDir dir;
  const auto path = (dir / "strings.duckdb").string();
  {
    auto database = Database::open({path});
    database->connection().execute(
        "CREATE TABLE words AS SELECT 'benchmark/with/a/long/shared/prefix/' || i AS word "
        "FROM range(100000) t(i); CHECKPOINT");
  }
  auto database = Database::open({path, AccessMode::read_only});
  auto compressions = database->connection().query(
      "SELECT count(*) FILTER (WHERE compression = 'FSST'), count(*) "
      "FROM pragma_storage_info('words') WHERE segment_type = 'VARCHAR'");
  EXPECT_EQ(compressions.int64(0, 0), 0);
  EXPECT_GT(compressions.int64(1, 0), 0);
}

TEST(Database, NonDuckDbFileIsRefusedAndLeftUnmodified) {
  ScratchDir dir;
  const auto path = dir / "notes.txt";
  testing::write_file(path, "my precious notes\n");
  EXPECT_THROW(Database::open({path.string()}), InputError);
  EXPECT_EQ(testing::read_file(path), "my precious notes\n");
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".wal"));
}

TEST(Database, NewerSchemaIsRefused) {
  ScratchDir dir;
  const auto path = (dir / "future.duckdb").string();
  Database::open({path}).reset();
  make_plain_duckdb(path, "UPDATE perfwatch_meta SET value = '" +
                              std::to_string(current_schema_version() + 1) +
                              "' WHERE key = 'schema_version'");
  expect_refused_untouched(path, "newer perfwatch");
}

// A WAL left by a writer that stopped without closing: an open for writing would replay it into
// the file, so a foreign file with one is refused from a read-only look, file and WAL untouched.
TEST(Database, ForeignDuckDbFileWithAWalIsRefusedAndLeftUnmodified) {
  ScratchDir dir;
  const auto path = (dir / "theirs.duckdb").string();
  make_plain_duckdb(path, "CREATE TABLE orders (id INTEGER)");
  const pid_t writer = fork();
  ASSERT_GE(writer, 0);
  if (writer == 0) {
    duckdb_database database;
    if (duckdb_open(path.c_str(), &database) != DuckDBSuccess) _exit(1);
    duckdb_connection connection;
    if (duckdb_connect(database, &connection) != DuckDBSuccess) _exit(1);
    duckdb_result result;
    const bool inserted =
        duckdb_query(connection, "INSERT INTO orders VALUES (1)", &result) == DuckDBSuccess;
    _exit(inserted ? 0 : 1);  // no close: the committed row stays in the WAL only
  }
  int status = 0;
  ASSERT_EQ(waitpid(writer, &status, 0), writer);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_TRUE(std::filesystem::exists(path + ".wal"));
  const auto before = testing::read_file(path);
  const auto wal_before = testing::read_file(path + ".wal");
  EXPECT_THROW(Database::open({path}), InputError);
  EXPECT_EQ(testing::read_file(path), before);
  EXPECT_EQ(testing::read_file(path + ".wal"), wal_before);
}

TEST(Database, EveryOlderSchemaIsMigratedToTheCurrentOne) {
  ASSERT_GE(current_schema_version(), 2) << "this test needs at least one migration to run";
  for (int64_t version = 1; version < current_schema_version(); ++version) {
    ScratchDir dir;
    const auto path = (dir / "old.duckdb").string();
    duckdb_database raw;
    ASSERT_EQ(duckdb_open(path.c_str(), &raw), DuckDBSuccess);
    {
      db::Connection connection(raw);
      migrate(connection, 0, version);
      ASSERT_EQ(stored_schema_version(connection), version);
    }
    duckdb_close(&raw);
    auto database = Database::open({path, AccessMode::read_only});
    EXPECT_EQ(stored_schema_version(database->connection()), current_schema_version());
  }
}

// Schema 7 lets a measure's direction be unknown; the measures stored before keep theirs.
TEST(Database, MeasuresOfSchemaSixKeepTheirDirectionsAndUnknownIsAccepted) {
  ScratchDir dir;
  const auto path = (dir / "six.duckdb").string();
  duckdb_database raw;
  ASSERT_EQ(duckdb_open(path.c_str(), &raw), DuckDBSuccess);
  {
    db::Connection connection(raw);
    migrate(connection, 0, 6);
    connection.execute(
        "INSERT INTO measure VALUES (1, 1, 'throughput', 'ops/s', "
        "'higher_is_better'), (2, 1, 'cmp_rate', '', 'lower_is_better')");
    EXPECT_ANY_THROW(
        connection.execute("INSERT INTO measure VALUES (3, 1, 'misses', '', 'unknown')"));
  }
  duckdb_close(&raw);
  auto database = Database::open({path});
  auto& connection = database->connection();
  connection.execute("INSERT INTO measure VALUES (3, 1, 'misses', '', 'unknown')");
  EXPECT_ANY_THROW(
      connection.execute("INSERT INTO measure VALUES (4, 1, 'sideways', '', 'sideways')"));
  EXPECT_ANY_THROW(
      connection.execute("INSERT INTO measure VALUES (5, 1, 'misses', '', 'unknown')"));
  auto rows = connection.query("SELECT slug, direction FROM measure ORDER BY id");
  ASSERT_EQ(rows.row_count(), 3u);
  EXPECT_EQ(*rows.text(1, 0), "higher_is_better");
  EXPECT_EQ(*rows.text(1, 1), "lower_is_better");
  EXPECT_EQ(*rows.text(1, 2), "unknown");
}

// A second process that wants the file while the first writes: it waits up to its lock timeout,
// then fails with a message that says so; once the first lets go, it gets in.
TEST(Database, SecondWriterWaitsForTheFirstOrGivesUpClearly) {
  ScratchDir dir;
  const auto path = (dir / "busy.duckdb").string();
  Database::open({path}).reset();
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t holder = fork();
  if (holder == 0) {
    auto database = Database::open({path});
    (void)!write(ready[1], "x", 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    _exit(0);
  }
  char signal = 0;
  ASSERT_EQ(read(ready[0], &signal, 1), 1);
  try {
    Database::open({path, AccessMode::read_write, std::chrono::milliseconds(100)});
    FAIL() << "expected the lock timeout";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("did not release it within 100 ms"), std::string::npos)
        << error.what();
  }
  auto database = Database::open({path, AccessMode::read_write, std::chrono::seconds(20)});
  EXPECT_EQ(stored_schema_version(database->connection()), current_schema_version());
  int status = 0;
  waitpid(holder, &status, 0);
}

}  // namespace
}  // namespace perfwatch
