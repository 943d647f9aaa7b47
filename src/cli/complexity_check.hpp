// cli: the complexity part of `perfwatch check`: for each benchmark of the checked report with a
// numeric size parameter measured at four sizes or more, its Extra-P exponent against that of
// the latest earlier values on the reference branch (model/complexity_change.hpp). A rise fails
// the check even when the sizes measured today are still fast.
#pragma once

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "detect/check.hpp"
#include "model/complexity_change.hpp"
#include "store/sql.hpp"

namespace perfwatch::cli {

struct ComplexityFinding {
  std::string benchmark, params, measure, parameter;  // params: the others, as JSON
  model::ComplexityChange change;

  // "sort {} time: n^1 -> n^(3/2) along n (95% intervals [1, 1] -> [1.33, 1.5])"
  std::string describe() const;
};

std::vector<ComplexityFinding> complexity_changes(db::Session& session,
                                                  const detect::CheckResult& result);
bool complexity_rose(const std::vector<ComplexityFinding>& findings);
nlohmann::ordered_json complexity_json(const std::vector<ComplexityFinding>& findings);
void print_complexity(const std::vector<ComplexityFinding>& findings,
                      std::ostream& out = std::cout);

}  // namespace perfwatch::cli
