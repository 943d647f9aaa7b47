// The store a command-level test runs perfwatch on: the DuckDB file store.duckdb (--db) in the
// test's scratch folder, or a fresh PostgreSQL database (--postgres, postgres_database.hpp). The
// suites that run each command on both stores (commands_test.cpp, store_commands_test.cpp) are
// parameterised by Backend and name their two instances with INSTANTIATE_ON_EACH_STORE.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "postgres_database.hpp"
#include "support/test_support.hpp"

namespace perfwatch::testing {

enum class Backend { duckdb, postgres };

class StoreUnderTest {
 public:
  explicit StoreUnderTest(Backend backend) {
    if (backend == Backend::postgres) postgres_ = std::make_unique<PostgresDatabase>();
  }

  bool on_postgres() const { return postgres_ != nullptr; }
  const std::string& postgres_url() const { return postgres_->url(); }

  // `args` of a command with this store's flag: --db goes before the command, --postgres after
  // it (it is the command's option).
  std::vector<std::string> on_store(std::vector<std::string> args) const {
    if (postgres_) {
      args.insert(args.end(), {"--postgres", postgres_->url()});
    } else {
      args.insert(args.begin(), {"--db", "store.duckdb"});
    }
    return args;
  }

  // perfwatch with `args` on this store, in `dir`.
  CommandResult perfwatch(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {}) const {
    return run_perfwatch(on_store(args), dir.path(), env);
  }

  // The rows of `sql` on the store, as text (query_text).
  std::string query(const std::string& sql) const {
    return query_text(postgres_ ? "" : (dir / "store.duckdb").string(),
                      postgres_ ? postgres_->url() : "", sql);
  }

  ScratchDir dir;

 private:
  std::unique_ptr<PostgresDatabase> postgres_;
};

// A test suite run once on each store: its fixture derives from this.
class OnEachStore : public ::testing::TestWithParam<Backend>, public StoreUnderTest {
 protected:
  OnEachStore() : StoreUnderTest(GetParam()) {}
};

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::duckdb ? "duckdb" : "postgres";
}

}  // namespace perfwatch::testing

// Instantiates the TEST_Ps of `fixture` (an OnEachStore) as Stores/fixture.NAME/duckdb and
// Stores/fixture.NAME/postgres.
#define INSTANTIATE_ON_EACH_STORE(fixture)                                             \
  INSTANTIATE_TEST_SUITE_P(Stores, fixture,                                            \
                           ::testing::Values(::perfwatch::testing::Backend::duckdb,    \
                                             ::perfwatch::testing::Backend::postgres), \
                           ::perfwatch::testing::backend_name)
