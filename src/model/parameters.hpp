// model: a benchmark's params split into the numeric parameter a matrix is modelled along (its
// value x) and the rest (the row's group), and the choice of that parameter.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace perfwatch::model {

// A parameter's value as a positive number: a JSON number, or text that is a number and nothing
// else (hyperfine writes its parameters as text: "batch_size": "32"); nullopt otherwise.
std::optional<double> positive_number(const nlohmann::json& value);

// The parameter with the most distinct positive numeric values over `params` (objects); empty
// when none takes two values or more.
std::string choose_parameter(const std::vector<nlohmann::json>& params);

struct SplitParams {
  double x = 1;       // the parameter's value; 1 without a parameter
  std::string group;  // the other params as compact JSON, empty when there are none
};

// nullopt when `parameter` is given and `params` has no positive numeric value of it.
std::optional<SplitParams> split_params(const nlohmann::json& params, const std::string& parameter);

}  // namespace perfwatch::model
