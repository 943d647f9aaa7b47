// Directions declared by the user for measures whose harness does not say which way is better
// (Direction::unknown: Google Benchmark user counters, BMF measures without a direction, go
// test's custom metrics...): perfwatch.toml's [[measure]] tables and the --direction flag of
// compare and check. A measure whose direction stays unknown is listed but never judged.
//
//   [[measure]]
//   name = "cmp_rate"        # the measure's slug
//   direction = "higher"     # "lower" or "higher" (is better)
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/measure.hpp"

namespace perfwatch::detect {

class DeclaredDirections {
 public:
  // Declares `measure`'s direction; `where` (FILE: line L, column C, or the flag) names the
  // declaration. Throws InputError naming `where` for a direction that is not lower or higher,
  // and for a second declaration of the same measure that says otherwise.
  void declare(const std::string& measure, std::string_view direction, const std::string& where);
  // Declares from a flag's "MEASURE=lower|higher"; throws InputError naming `flag` otherwise.
  void declare_flag(std::string_view spec, std::string_view flag);

  // The declared direction of `measure`, else `stated` (its harness's, as stored). A declaration
  // wins over a stated direction too: it corrects what an older perfwatch stored by guess.
  Direction direction_of(std::string_view measure, Direction stated) const;

  bool empty() const { return declared_.empty(); }

 private:
  struct Declaration {
    Direction direction;
    std::string where;
  };
  std::map<std::string, Declaration, std::less<>> declared_;
};

// One line that names the measures left unknown (in the order given, each once) and says how to
// declare them; empty when `measures` is.
std::string undeclared_directions_note(const std::vector<std::string>& measures);

}  // namespace perfwatch::detect
