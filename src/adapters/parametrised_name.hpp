// Splits the parametrised benchmark names that harnesses write (Google Benchmark `BM_x/8/64`,
// Go `BenchmarkX/size=8`, Criterion `group/function/8`) into the benchmark and its params, so that
// every parameter value of one benchmark lines up as one benchmark's matrix (as pytest-benchmark's
// ids already do).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace perfwatch {

struct ParametrisedName {
  std::string benchmark;
  nlohmann::json params = nlohmann::json::object();
};

// A parameter value as JSON: an integer or a number when the text is one, else the text.
nlohmann::json parameter_value(std::string_view text);

// Google Benchmark's run name (without an aggregate suffix such as _mean). Its parts after the
// family name, as benchmark_register.cc builds them: one per argument, `VALUE` or `NAME:VALUE`
// (ArgNames), then `min_time:`, `min_warmup_time:`, `iterations:`, `repeats:`, a time mode
// (`process_time`, `real_time`, `manual_time`) and `threads:N`. Unnamed arguments become
// "arg0", "arg1" (state.range(0), state.range(1)); the time mode stays in the benchmark name,
// since it changes what the figure measures. A part of none of these shapes stays in the name.
ParametrisedName split_google_benchmark_name(std::string_view run_name);

// A Go benchmark name without its -GOMAXPROCS suffix. Sub-benchmark parts `KEY=VALUE` become
// params, as benchstat reads them; other parts stay in the name.
ParametrisedName split_go_name(std::string_view name);

// A Criterion.rs id "group/function/PARAM" or "group/PARAM" (BenchmarkId): a numeric last part
// is the parameter, {"param": N}; any other id stays whole. The folder and the text adapters
// both split by this rule, so either input gives the same series.
ParametrisedName split_criterion_name(std::string_view full_id);

}  // namespace perfwatch
