// The hyperfine adapter against real output of hyperfine (Debian's 1.15), run here; the expected
// numbers come from the same JSON, read with nlohmann::json.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

// Runs hyperfine (no shell, 5 runs, 1 warm-up) with `extra` arguments; returns the JSON text.
std::string run_hyperfine(const std::vector<std::string>& extra) {
  testing::ScratchDir dir;
  const auto out = dir / "hyperfine.json";
  std::vector<std::string> argv{"hyperfine", "--runs",        "5",          "--warmup", "1",
                                "-N",        "--export-json", out.string(), "--style",  "none"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto result = testing::run_command(argv, dir.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return testing::read_file(out);
}

CollectingSink parse_detected(const std::string& text) {
  InputFile input{"hyperfine.json", text};
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), "hyperfine");
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

std::string parse_error(std::string text) {
  InputFile input{"hyperfine.json", std::move(text)};
  CollectingSink sink;
  try {
    find_adapter("hyperfine")->parse(input, sink);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected InputError";
  return "";
}

void expect_result(const CollectingSink& sink, const nlohmann::json& result,
                   const std::string& params_json) {
  const auto command = result["command"].get<std::string>();
  SCOPED_TRACE(command);
  const auto& latency = sink.find(command, "latency");
  EXPECT_EQ(latency.params_json, params_json);
  EXPECT_EQ(latency.measure.units, "ns");
  EXPECT_DOUBLE_EQ(latency.value, result["mean"].get<double>() * 1e9);
  EXPECT_DOUBLE_EQ(*latency.lower, result["min"].get<double>() * 1e9);
  EXPECT_DOUBLE_EQ(*latency.upper, result["max"].get<double>() * 1e9);
  EXPECT_EQ(latency.n, 5);
  ASSERT_EQ(latency.samples.size(), 5u);
  for (std::size_t run = 0; run < 5; ++run) {
    EXPECT_DOUBLE_EQ(latency.samples[run], result["times"][run].get<double>() * 1e9);
  }
  const auto& cpu = sink.find(command, "cpu_time");
  EXPECT_EQ(cpu.params_json, params_json);
  EXPECT_DOUBLE_EQ(cpu.value,
                   (result["user"].get<double>() + result["system"].get<double>()) * 1e9);
  EXPECT_EQ(cpu.n, 5);
}

TEST(HyperfineAdapter, MapsEveryCommandOfRealOutput) {
  const auto text = run_hyperfine({"true", "sleep 0.01"});
  const auto document = nlohmann::json::parse(text);
  const auto sink = parse_detected(text);
  ASSERT_EQ(sink.metrics().size(), 4u);
  expect_result(sink, document["results"][0], "{}");
  expect_result(sink, document["results"][1], "{}");
  EXPECT_EQ(sink.tool_version(), "");
}

TEST(HyperfineAdapter, ParameterListBecomesParams) {
  const auto text = run_hyperfine({"--parameter-list", "seconds", "0.01,0.02", "sleep {seconds}"});
  const auto document = nlohmann::json::parse(text);
  const auto sink = parse_detected(text);
  ASSERT_EQ(sink.metrics().size(), 4u);
  expect_result(sink, document["results"][0], R"({"seconds":"0.01"})");
  expect_result(sink, document["results"][1], R"({"seconds":"0.02"})");
}

TEST(HyperfineAdapter, WrongTypeNamesTheJsonPath) {
  auto document = nlohmann::json::parse(run_hyperfine({"true"}));
  document["results"][0]["times"][4] = "0.1";
  EXPECT_EQ(parse_error(document.dump()),
            "hyperfine.json: at results[0].times[4]: expected a number");
  document = nlohmann::json::parse(run_hyperfine({"true"}));
  document["results"][0]["parameters"] = nlohmann::json::array();
  EXPECT_EQ(parse_error(document.dump()),
            "hyperfine.json: at results[0].parameters: expected an object");
}

TEST(HyperfineAdapter, TruncatedFileNamesLineAndColumn) {
  // Real output cut inside "command" on line 4: the input ends at line 4, column 10.
  const auto text = run_hyperfine({"true"});
  std::size_t cut = 0;
  for (int line = 1; line < 4; ++line) cut = text.find('\n', cut) + 1;
  const auto message = parse_error(text.substr(0, cut + 9));
  EXPECT_EQ(message.rfind("hyperfine.json: line 4, column 10: malformed JSON: ", 0), 0u) << message;
}

}  // namespace
}  // namespace perfwatch
