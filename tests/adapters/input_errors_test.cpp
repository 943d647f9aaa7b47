// The shared input layer's messages for bad input every adapter can meet: a number no double
// holds in JSON, and bytes that are not UTF-8 in text and XML. Each names the file, the line and
// column, and what was expected.
#include <gtest/gtest.h>

#include <string>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

std::string refusal(const std::string& adapter_name, const std::string& text) {
  const InputFile input{"bad.input", text};
  const Adapter* adapter = find_adapter(adapter_name);
  EXPECT_NE(adapter, nullptr) << adapter_name;
  testing::CollectingSink sink;
  try {
    adapter->parse(input, sink);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << adapter_name << " read the input";
  return {};
}

TEST(InputErrors, NumberOutOfRangeInJsonNamesItsPlace) {
  // simdjson's On-Demand reader (Google Benchmark) and its DOM (pytest-benchmark) alike.
  EXPECT_EQ(refusal("google_benchmark_json",
                    "{\"context\": {\"num_cpus\": 2},\n \"benchmarks\": [{\"name\": \"a\", "
                    "\"real_time\": -1e309}]}"),
            "bad.input: line 2, column 44: number out of range: -1e309; expected a number a "
            "double can hold");
  EXPECT_EQ(refusal("pytest_benchmark",
                    "{\"machine_info\": {}, \"benchmarks\": [{\"stats\": {\"mean\": 1e999}}]}"),
            "bad.input: line 1, column 56: number out of range: 1e999; expected a number a "
            "double can hold");
}

TEST(InputErrors, IntegerBeyond64BitsInJsonNamesItsPlace) {
  // nlohmann reads such an integer as a double; simdjson refuses it with no position.
  EXPECT_EQ(
      refusal("pytest_benchmark",
              "{\"machine_info\": {\"n\": \"123456789012345678901234567890\"},\n"
              " \"benchmarks\": [{\"stats\": {\"rounds\": 123456789012345678901234567890}}]}"),
      "bad.input: line 2, column 38: integer out of range: 123456789012345678901234567890; "
      "expected a whole number a 64-bit integer can hold");
  EXPECT_EQ(refusal("pytest_benchmark",
                    "{\"machine_info\": {}, \"benchmarks\": [{\"stats\": {\"mean\": 1.5, "
                    "\"rounds\": -9223372036854775809}}]}"),
            "bad.input: line 1, column 71: integer out of range: -9223372036854775809; "
            "expected a whole number a 64-bit integer can hold");
}

TEST(InputErrors, InvalidUtf8InTextNamesItsPlace) {
  EXPECT_EQ(refusal("go_bench", "goos: linux\nBenchmarkA\xff-2 \t 10\t 5 ns/op\n"),
            "bad.input: line 2, column 11: expected UTF-8 text (byte 0xFF)");
  // A surrogate (U+D800) is not UTF-8 either, though its bytes look like a sequence.
  EXPECT_EQ(refusal("google_benchmark_console", "BM_a\xed\xa0\x80 10 ns 10 ns 100\n"),
            "bad.input: line 1, column 5: expected UTF-8 text (byte 0xED)");
  EXPECT_EQ(refusal("catch2_xml", "<Catch>\n<TestCase name=\"\xc3\"/></Catch>"),
            "bad.input: line 2, column 17: expected UTF-8 text (byte 0xC3)");
}

TEST(InputErrors, Utf8TextIsRead) {
  const InputFile input{"ok.txt", "goos: linux\nBenchmarkCaf\xc3\xa9-2 \t 10\t 5 ns/op\nPASS\n"};
  testing::CollectingSink sink;
  find_adapter("go_bench")->parse(input, sink);
  ASSERT_EQ(sink.metrics().size(), 1u);
  EXPECT_EQ(sink.metrics()[0].benchmark, "BenchmarkCaf\xc3\xa9");
}

}  // namespace
}  // namespace perfwatch
