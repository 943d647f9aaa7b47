// The helpers every store query uses: rows read by column name, and a transaction that rolls
// back unless committed.
#include <gtest/gtest.h>

#include <stdexcept>

#include "store/database.hpp"
#include "store/named_rows.hpp"
#include "store/transaction.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

std::unique_ptr<Database> fresh(const testing::ScratchDir& dir) {
  return Database::open({(dir / "db.duckdb").string(), AccessMode::read_write});
}

TEST(NamedRows, ReadsColumnsByNameWithNullsAsEmpty) {
  testing::ScratchDir dir;
  auto database = fresh(dir);
  const auto rows = db::query(database->connection(),
                              "SELECT 'x' AS word, 42 AS whole, 2.5 AS real, NULL::DOUBLE AS gap");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.text("word", 0), "x");
  EXPECT_EQ(rows.int64("whole", 0), 42);
  EXPECT_EQ(rows.number("real", 0), 2.5);
  EXPECT_TRUE(rows.is_null("gap", 0));
  EXPECT_EQ(rows.optional_number("gap", 0), std::nullopt);
  EXPECT_EQ(rows.optional_int64("whole", 0), 42);
  EXPECT_EQ(rows.text("gap", 0), "");
  EXPECT_THROW(rows.text("absent", 0), db::DatabaseError);
}

TEST(Transaction, RollsBackUnlessCommitted) {
  testing::ScratchDir dir;
  auto database = fresh(dir);
  auto& connection = database->connection();
  connection.execute("CREATE TABLE t (v INTEGER)");
  try {
    db::Transaction transaction(connection);
    connection.execute("INSERT INTO t VALUES (1)");
    throw std::runtime_error("a statement after it failed");
  } catch (const std::runtime_error&) {
  }
  {
    db::Transaction transaction(connection);
    connection.execute("INSERT INTO t VALUES (2)");
    transaction.commit();
  }
  const auto rows = db::query(connection, "SELECT string_agg(v::VARCHAR, ',') AS kept FROM t");
  EXPECT_EQ(rows.text("kept", 0), "2");
}

}  // namespace
}  // namespace perfwatch
