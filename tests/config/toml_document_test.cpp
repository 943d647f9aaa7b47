#include "config/toml_document.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch::config {
namespace {

// The message of the InputError `read` throws; fails the test when it throws none.
template <typename Read>
std::string error_of(Read read) {
  try {
    read();
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError";
  return {};
}

TEST(TomlDocument, ReadsTypedValuesAndNamesFileLineColumnAndKeyOnError) {
  const TomlDocument document("[[webhook]]\nkind = \"slack\"\nattempts = 0\nratio = 1\n",
                              "perfwatch.toml");
  const auto tables = document.tables("webhook");
  ASSERT_EQ(tables.size(), 1u);
  const auto& table = *tables.front();
  EXPECT_EQ(document.text(*table.get("kind"), "kind"), "slack");
  EXPECT_EQ(document.number(*table.get("ratio"), "ratio"), 1.0);
  EXPECT_EQ(error_of([&] { document.positive(*table.get("attempts"), "attempts"); }),
            "perfwatch.toml: line 3, column 12: attempts must be a whole number above 0");
  EXPECT_EQ(error_of([&] { document.boolean(*table.get("kind"), "kind"); }),
            "perfwatch.toml: line 2, column 8: kind must be true or false");
  EXPECT_EQ(error_of([&] {
              document.unknown_key(*table.get("ratio"), "ratio", "[[webhook]]", "kind, attempts");
            }),
            "perfwatch.toml: line 4, column 9: unknown key 'ratio' in [[webhook]]; known: kind, "
            "attempts");
  EXPECT_TRUE(document.tables("benchmark").empty());
  EXPECT_EQ(document.table("suite"), nullptr);
}

TEST(TomlDocument, SyntaxAndShapeErrorsNameThePosition) {
  EXPECT_EQ(error_of([] { TomlDocument("a = \n", "x.toml"); }).rfind("x.toml: line 1, column", 0),
            0u);
  const TomlDocument document("webhook = 3\nsuite = [1]\n", "x.toml");
  EXPECT_EQ(error_of([&] { document.tables("webhook"); }),
            "x.toml: line 1, column 11: webhook must be an array of tables ([[webhook]])");
  EXPECT_EQ(error_of([&] { document.table("suite"); }),
            "x.toml: line 2, column 9: suite must be a table ([suite])");
}

// Parsed once per process, again after an edit.
TEST(TomlDocument, LoadParsesAFileOnceUntilItChanges) {
  testing::ScratchDir dir;
  const auto path = dir / "perfwatch.toml";
  std::ofstream(path) << "[suite]\nname = \"a\"\n";
  const auto first = TomlDocument::load(path);
  EXPECT_EQ(TomlDocument::load(path), first);
  std::ofstream(path) << "[suite]\nname = \"bb\"\n";
  const auto edited = TomlDocument::load(path);
  EXPECT_NE(edited, first);
  EXPECT_EQ(edited->text(*edited->table("suite")->get("name"), "name"), "bb");
  EXPECT_EQ(error_of([&] { TomlDocument::load(dir / "missing.toml"); }),
            (dir / "missing.toml").string() + ": cannot open the file");
}

}  // namespace
}  // namespace perfwatch::config
