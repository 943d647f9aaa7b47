// iai-callgrind's summary (Rust benchmarks run under Valgrind's Callgrind, `cargo bench`):
//   rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci short:10
//     Instructions:                1650|1734            (-4.84429%) [-1.05091x]
//     L1 Hits:                     2275|2359            (-3.56083%) [-1.03692x]
//     Estimated Cycles:            2380|2464            (-3.40909%) [-1.03529x]
// Format: iai-callgrind's terminal output (https://github.com/iai-callgrind/iai-callgrind, the
// README's "Output" section): a line naming the benchmark ("MODULE::PATH ID:ARGS"), then one
// indented line per Callgrind event or derived figure, "NAME: NEW|OLD (CHANGE)", where OLD is
// "N/A" on a first run. Only NEW is read; OLD and the change are the previous run's, which
// perfwatch keeps itself.
//
// Mapping: the name's path is the benchmark, ID and ARGS its params ({"id":..,"args":..}).
// Instructions -> instructions (count); every other figure is a measure named after it
// ("Estimated Cycles" -> estimated_cycles): rates ("... Rate", in %) are better high for hits
// and low for misses, cache hits per level are of unknown direction (more L1 hits can be fewer
// RAM hits), and the other counts (cycles, reads, misses, system calls) are better low.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "adapters/all_adapters.hpp"
#include "adapters/repeated_runs.hpp"
#include "adapters/text_lines.hpp"

namespace perfwatch {
namespace {

// "  NAME: NEW|OLD ...": the name and what follows its colon, or nothing.
struct FigureLine {
  std::string_view name;
  std::string_view rest;
};

std::optional<FigureLine> figure_line(std::string_view line) {
  if (!line.starts_with("  ")) return std::nullopt;
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto rest = trim(line.substr(colon + 1));
  const auto bar = rest.find('|');
  // The new value, a bar, then the old value: no space between them.
  if (bar == std::string_view::npos || bar == 0 || rest.substr(0, bar).find(' ') != rest.npos) {
    return std::nullopt;
  }
  return FigureLine{trim(line.substr(0, colon)), rest};
}

std::string slug_of(std::string_view name) {
  std::string slug;
  for (char c : name) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      slug.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    } else if (!slug.empty() && slug.back() != '_') {
      slug.push_back('_');
    }
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  return slug;
}

Direction direction_of(std::string_view name) {
  if (name.ends_with("Hit Rate")) return Direction::higher_is_better;
  if (name.ends_with(" Hits")) return Direction::unknown;
  return Direction::lower_is_better;
}

// {"id":"short","args":"10"} from "short:10"; {} when the line has no id.
std::string params_of(std::string_view id_and_args) {
  nlohmann::json params = nlohmann::json::object();
  if (id_and_args.empty()) return params.dump();
  const auto colon = id_and_args.find(':');
  params["id"] = std::string(id_and_args.substr(0, colon));
  if (colon != std::string_view::npos) params["args"] = std::string(id_and_args.substr(colon + 1));
  return params.dump();
}

class IaiCallgrindAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "iai_callgrind"; }
  std::string_view description() const override {
    return "iai-callgrind summaries (Callgrind instruction and cache counts)";
  }

  bool detect(const InputFile& input) const override {
    return any_early_line(input.text, [](std::string_view line) {
      const auto figure = figure_line(line);
      return figure && figure->name == "Instructions";
    });
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    sink.set_tool_version("iai-callgrind");
    TextLines lines(input);
    RepeatedRuns runs;
    CustomMeasures custom;
    std::string benchmark, params;
    bool any_result = false;
    while (lines.next()) {
      const auto line = lines.line();
      if (const auto figure = figure_line(line)) {
        if (benchmark.empty()) lines.fail("a benchmark's name before its figures");
        const auto value = parse_number(figure->rest.substr(0, figure->rest.find('|')));
        if (!value) lines.fail("a number before '|' for " + std::string(figure->name));
        const Measure* measure = &measures::instructions;
        if (figure->name != "Instructions") {
          const bool rate = figure->name.ends_with(" Rate");
          measure = custom.get(slug_of(figure->name), rate ? "%" : units::count,
                               direction_of(figure->name));
        }
        runs.run(benchmark, params).add_sample(measure, *value);
        any_result = true;
        continue;
      }
      // A benchmark's name: "path::to::bench [ID:ARGS]" at the start of the line.
      const auto text = trim(line);
      if (line.starts_with(" ") || text.find("::") == std::string_view::npos) continue;
      const auto space = text.find(' ');
      benchmark = text.substr(0, space);
      params = params_of(space == std::string_view::npos ? std::string_view{}
                                                         : trim(text.substr(space + 1)));
    }
    if (!any_result) lines.fail("a benchmark's figures: '  Instructions: NEW|OLD'");
    runs.emit(sink);
  }
};

}  // namespace

std::unique_ptr<Adapter> make_iai_callgrind_adapter() {
  return std::make_unique<IaiCallgrindAdapter>();
}

}  // namespace perfwatch
