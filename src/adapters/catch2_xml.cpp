// Catch2 XML (a Catch2 test binary run with -r xml), benchmarks only.
// Format: https://github.com/catchorg/Catch2/blob/devel/docs/benchmarks.md and the XML reporter
// of Catch2 2.13 (root <Catch>) and 3.x (root <Catch2TestRun catch2-version="...">):
//   <TestCase name="T"> <Section name="S"> <BenchmarkResults name="B" samples="N"
//     iterations="I" ...> <mean value= lowerBound= upperBound= ci=/> <standardDeviation .../>
//   </BenchmarkResults> </Section> </TestCase>
// All values are in nanoseconds. Each BenchmarkResults gives a latency metric named
// "T/S/B" (test case, enclosing sections, benchmark): the mean with its bootstrap confidence
// bounds, n = samples. Catch2 writes no raw samples. A benchmark that threw holds <failed/>
// instead of <mean/> and is skipped.
#include <charconv>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"
#include "adapters/text_lines.hpp"
#include "core/error.hpp"

namespace perfwatch {
namespace {

class Catch2XmlAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "catch2_xml"; }
  std::string_view description() const override {
    return "Catch2 XML (-r xml): BENCHMARK results with their confidence bounds";
  }

  bool detect(const InputFile& input) const override {
    return first_significant_char(input.text) == '<' && appears_early(input.text, "<Catch");
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    require_utf8(input);  // Catch2 writes UTF-8; pugixml would pass other bytes through
    pugi::xml_document document;
    const auto result = document.load_buffer(input.text.data(), input.text.size());
    if (!result) {
      throw InputError(input.name + ": " +
                       line_and_column(input.text, static_cast<std::size_t>(result.offset)) +
                       ": malformed XML: " + result.description());
    }
    const auto root = document.document_element();
    if (std::string_view(root.name()) != "Catch" &&
        std::string_view(root.name()) != "Catch2TestRun") {
      fail(input, root, "a <Catch> or <Catch2TestRun> root element");
    }
    const auto version = root.attribute("catch2-version");
    sink.set_tool_version(version ? "Catch2 " + std::string(version.value()) : "Catch2");
    std::vector<std::string> scopes;
    visit(input, root, scopes, sink);
  }

 private:
  // Walks element's children, naming benchmarks after the test cases and sections around them.
  static void visit(const InputFile& input, pugi::xml_node element,
                    std::vector<std::string>& scopes, MetricSink& sink) {
    for (auto child : element.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view tag = child.name();
      if (tag == "TestCase" || tag == "Section") {
        scopes.emplace_back(required_attribute(input, child, "name"));
        visit(input, child, scopes, sink);
        scopes.pop_back();
      } else if (tag == "BenchmarkResults") {
        add_benchmark(input, child, scopes, sink);
      } else {
        visit(input, child, scopes, sink);
      }
    }
  }

  static void add_benchmark(const InputFile& input, pugi::xml_node results,
                            const std::vector<std::string>& scopes, MetricSink& sink) {
    std::string benchmark;
    for (const auto& scope : scopes) benchmark.append(scope).append("/");
    benchmark.append(required_attribute(input, results, "name"));
    if (results.child("failed")) return;
    const auto mean = results.child("mean");
    if (!mean) fail(input, results, "a <mean> element in <BenchmarkResults>");

    MetricRecord latency;
    latency.benchmark = benchmark;
    latency.measure = &measures::latency;
    latency.value = number_attribute(input, mean, "value");
    latency.lower = number_attribute(input, mean, "lowerBound");
    latency.upper = number_attribute(input, mean, "upperBound");
    latency.n = static_cast<int64_t>(number_attribute(input, results, "samples"));
    sink.add(latency);
  }

  static std::string_view required_attribute(const InputFile& input, pugi::xml_node element,
                                             const char* name) {
    const auto attribute = element.attribute(name);
    if (!attribute) fail(input, element, std::string("a ") + name + " attribute");
    return attribute.value();
  }

  static double number_attribute(const InputFile& input, pugi::xml_node element, const char* name) {
    const auto text = required_attribute(input, element, name);
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      fail(input, element, std::string("a number in its ") + name + " attribute");
    }
    return value;
  }

  // Throws "FILE: line L, column C: <TAG>: expected WHAT", at the element's start tag.
  [[noreturn]] static void fail(const InputFile& input, pugi::xml_node element,
                                const std::string& expected) {
    const auto offset = element.offset_debug();
    throw InputError(
        input.name + ": " +
        line_and_column(input.text, offset < 0 ? 0 : static_cast<std::size_t>(offset)) + ": <" +
        element.name() + ">: expected " + expected);
  }
};

}  // namespace

std::unique_ptr<Adapter> make_catch2_xml_adapter() { return std::make_unique<Catch2XmlAdapter>(); }

}  // namespace perfwatch
