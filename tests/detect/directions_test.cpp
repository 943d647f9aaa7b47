// Directions declared for measures whose harness does not state one, and the line that names
// the measures left undeclared.
#include "detect/directions.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace perfwatch::detect {
namespace {

std::string flag_error(std::string_view spec) {
  DeclaredDirections directions;
  try {
    directions.declare_flag(spec, "--direction");
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(DeclaredDirections, FlagDeclaresAndWinsOverTheStoredDirection) {
  DeclaredDirections directions;
  directions.declare_flag("cmp_rate=higher", "--direction");
  directions.declare_flag("misses=lower", "--direction");
  EXPECT_EQ(directions.direction_of("cmp_rate", Direction::unknown), Direction::higher_is_better);
  // An older perfwatch stored user counters as lower is better, by guess.
  EXPECT_EQ(directions.direction_of("cmp_rate", Direction::lower_is_better),
            Direction::higher_is_better);
  EXPECT_EQ(directions.direction_of("misses", Direction::unknown), Direction::lower_is_better);
  EXPECT_EQ(directions.direction_of("latency", Direction::lower_is_better),
            Direction::lower_is_better);
  EXPECT_EQ(directions.direction_of("elements", Direction::unknown), Direction::unknown);
}

TEST(DeclaredDirections, BadFlagsNameTheFlag) {
  EXPECT_EQ(flag_error("cmp_rate"),
            "--direction cmp_rate: expected MEASURE=lower or MEASURE=higher");
  EXPECT_EQ(flag_error("=higher"), "--direction =higher: expected MEASURE=lower or MEASURE=higher");
  EXPECT_EQ(flag_error("cmp_rate=up"),
            "--direction cmp_rate=up: direction of measure 'cmp_rate' must be \"lower\" or "
            "\"higher\" (which is better), not 'up'");
  EXPECT_EQ(flag_error("cmp_rate=unknown").find("--direction cmp_rate=unknown: direction"), 0u);
}

TEST(DeclaredDirections, TheSameDeclarationTwiceIsFineAContradictionIsNot) {
  DeclaredDirections directions;
  directions.declare("x", "higher", "perfwatch.toml: line 3, column 13");
  directions.declare_flag("x=higher_is_better", "--direction");
  try {
    directions.declare_flag("x=lower", "--direction");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "--direction x=lower: measure 'x' is declared lower_is_better here and "
                 "higher_is_better at perfwatch.toml: line 3, column 13");
  }
}

TEST(UndeclaredDirectionsNote, NamesEachMeasureOnceAndHowToDeclareIt) {
  EXPECT_EQ(undeclared_directions_note({}), "");
  EXPECT_EQ(undeclared_directions_note({"cmp_rate", "elements", "cmp_rate"}),
            "not judged, their harness does not say which way is better: cmp_rate, elements; "
            "declare each in perfwatch.toml ([[measure]] name = \"cmp_rate\" direction = "
            "\"higher\" or \"lower\") or with --direction cmp_rate=higher");
}

}  // namespace
}  // namespace perfwatch::detect
