// Bencher Metric Format (BMF) JSON, the generic format for any measure:
//   { "BENCHMARK": { "MEASURE": { "value": N, "lower_value": N, "upper_value": N } } }
// Format: https://bencher.dev/docs/reference/bencher-metric-format/
// perfwatch extension: a measure object may also say "units" and "direction"
// ("lower"|"higher") for measures perfwatch does not know (without it, their direction is
// unknown); known slugs (latency, throughput...) take their units and direction from
// core/measure.hpp.
//
// A BMF file can be large (10,000 benchmarks x 100 measures is 119 MiB), so it is not parsed
// whole: it is read a window at a time (InputWindow), JsonObjectMembers cuts the window into
// pieces of whole benchmarks (about kPieceBytes each), which simdjson parses (a DOM each: every
// byte is validated, as a DOM of the whole file would) in a few small, reused buffers, on a
// thread of their own while the caller's thread stores the pieces before. Memory grows with the
// largest benchmark, not with the file.
#include <simdjson.h>

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/input_window.hpp"
#include "adapters/json_input.hpp"
#include "adapters/json_object_members.hpp"
#include "adapters/parse_ahead.hpp"
#include "core/error.hpp"

namespace perfwatch {
namespace {

// Benchmarks are parsed in groups of about this many bytes: big enough that simdjson's
// per-document set-up does not count, small enough for its buffers to stay in the CPU's caches.
constexpr std::size_t kPieceBytes = 64 * 1024;

const Measure* well_known_measure(std::string_view slug) {
  for (const Measure* measure :
       {&measures::latency, &measures::cpu_time, &measures::throughput, &measures::bytes_per_second,
        &measures::items_per_second, &measures::peak_rss, &measures::allocated_bytes,
        &measures::allocations, &measures::instructions}) {
    if (measure->slug == slug) return measure;
  }
  return nullptr;
}

struct SlugHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view slug) const {
    return std::hash<std::string_view>()(slug);
  }
};

// One piece of a BMF input, parsed: its benchmarks' metrics. Their names point into the
// piece's own DOM, so a piece stays whole until the sink has taken its metrics.
struct Piece {
  std::string text;  // the piece as an object of its own, then simdjson's padding
  simdjson::dom::parser parser;
  std::vector<MetricRecord> metrics;
};

// Pieces being parsed ahead of the sink, at most (parse_ahead.hpp). A few are enough for the
// parse to stay ahead; each holds ~kPieceBytes of text and its DOM.
constexpr std::size_t kPiecesAhead = 4;

// Reads one BMF input into a sink: the pieces are cut and parsed on a thread of their own
// (ParseAhead), and handed to the sink on the caller's.
class BmfReader {
 public:
  BmfReader(const InputFile& input, MetricSink& sink)
      : input_(input),
        sink_(sink),
        window_(input.text),
        members_(window_.text(), window_.complete()) {}

  void read() {
    ParseAhead<Piece> pieces(kPiecesAhead, [this](Piece& piece) { return next_piece(piece); });
    while (const Piece* piece = pieces.next()) {
      for (const auto& metric : piece->metrics) sink_.add(metric);
    }
  }

 private:
  // On the parse thread: fills `piece` with the next members of the top-level object, about
  // kPieceBytes of them; false when none is left.
  bool next_piece(Piece& piece) {
    std::string_view member;
    std::optional<std::size_t> start;  // of the piece, in window_.text()
    std::size_t end = 0;
    while (!members_done_) {
      const std::string_view text = window_.text();
      switch (members_.next(member)) {
        case JsonObjectMembers::Step::member:
          if (!start) start = static_cast<std::size_t>(member.data() - text.data());
          end = static_cast<std::size_t>(member.data() - text.data()) + member.size();
          if (end - *start >= kPieceBytes) {
            read_piece(text.substr(*start, end - *start), piece);
            return true;
          }
          break;
        case JsonObjectMembers::Step::needs_more: {
          // The window moves on, keeping the piece so far and the member cut short.
          const std::size_t keep = start.value_or(members_.position());
          const std::size_t position = members_.position() - keep;
          window_.slide(keep);
          if (start) {
            end -= keep;
            start = 0;
          }
          members_.continue_in(window_.text(), position, window_.complete());
          break;
        }
        case JsonObjectMembers::Step::end:
          members_done_ = true;
          break;
        case JsonObjectMembers::Step::not_an_object:
          fail(0, "", "an object");
        case JsonObjectMembers::Step::malformed:
          throw InputError(json_error_message(input_));
      }
    }
    if (!start) return false;
    read_piece(window_.text().substr(*start, end - *start), piece);
    return true;
  }

  // `members`: consecutive members of the top-level object, commas between them included.
  void read_piece(std::string_view members, Piece& piece) {
    piece.text.assign(1, '{').append(members).append(1, '}');
    piece.text.reserve(piece.text.size() + simdjson::SIMDJSON_PADDING);
    piece.metrics.clear();
    simdjson::dom::object benchmarks;  // the piece parses as an object, being one
    if (piece.parser.parse(piece.text.data(), piece.text.size(), false).get(benchmarks)) {
      throw InputError(json_error_message(input_));
    }
    for (const auto [benchmark, measures_element] : benchmarks) {
      benchmark_ = benchmark;
      simdjson::dom::object measures;
      if (measures_element.get(measures)) fail(1, "", "an object");
      for (const auto [slug, values_element] : measures) {
        slug_ = slug;
        simdjson::dom::object values;
        if (values_element.get(values)) fail(2, "", "an object");
        piece.metrics.push_back(read_measure(values));
      }
    }
  }

  MetricRecord read_measure(simdjson::dom::object values) {
    const double value = *number_or_null(values, "value", true);
    const auto lower = number_or_null(values, "lower_value", false);
    const auto upper = number_or_null(values, "upper_value", false);
    const auto found = measure_by_slug_.find(slug_);
    const Measure* measure = found != measure_by_slug_.end() ? found->second : first_seen(values);
    MetricRecord metric;
    metric.benchmark = benchmark_;
    metric.measure = measure;
    metric.value = value;
    metric.lower = lower;
    metric.upper = upper;
    return metric;
  }

  // The number under `key`, or nothing when it is absent or null (a failure when `required`).
  std::optional<double> number_or_null(simdjson::dom::object values, std::string_view key,
                                       bool required) const {
    simdjson::dom::element element;
    if (values[key].get(element) || element.is_null()) {
      if (required) fail(3, key, "a number");
      return std::nullopt;
    }
    double number = 0;
    if (element.get(number)) fail(3, key, "a number");
    return number;
  }

  std::optional<std::string_view> string_or_null(simdjson::dom::object values,
                                                 std::string_view key) const {
    simdjson::dom::element element;
    if (values[key].get(element) || element.is_null()) return std::nullopt;
    std::string_view text;
    if (element.get(text)) fail(3, key, "a string");
    return text;
  }

  // The measure of a slug met for the first time in this input: a well-known one, or else one
  // declared by this first appearance.
  const Measure* first_seen(simdjson::dom::object values) {
    if (const Measure* known = well_known_measure(slug_)) {
      measure_by_slug_.emplace(known->slug, known);
      return known;
    }
    return declare(values);
  }

  // Without the extension, BMF does not say which way is better.
  const Measure* declare(simdjson::dom::object values) {
    Measure custom{std::string(slug_), std::string(string_or_null(values, "units").value_or("")),
                   Direction::unknown};
    if (const auto direction = string_or_null(values, "direction")) {
      const auto parsed = parse_direction(*direction);
      if (!parsed) fail(3, "direction", "\"lower\" or \"higher\"");
      custom.direction = *parsed;
    }
    custom_measures_.push_back(std::move(custom));
    const Measure* declared = &custom_measures_.back();
    measure_by_slug_.emplace(declared->slug, declared);
    return declared;
  }

  // Throws the message for what was expected at the benchmark (depth 1), its measure (2) or
  // the measure's `field` (3): the syntax error with its line and column instead, when the file
  // is not valid JSON further on (json_input.hpp).
  [[noreturn]] void fail(int depth, std::string_view field, std::string_view expected) const {
    std::string path;
    if (depth >= 1) path.append(benchmark_);
    if (depth >= 2) path.append(".").append(slug_);
    if (depth >= 3) path.append(".").append(field);
    throw InputError(on_demand_error_message(input_, path, expected));
  }

  const InputFile& input_;
  MetricSink& sink_;
  // The rest is the parse thread's.
  InputWindow window_;
  JsonObjectMembers members_;
  bool members_done_ = false;
  // Measures met in this input that perfwatch does not know; deque keeps their addresses.
  std::deque<Measure> custom_measures_;
  // Every measure met in this input, well-known or not, by slug.
  std::unordered_map<std::string, const Measure*, SlugHash, std::equal_to<>> measure_by_slug_;
  // Where the reading is, for messages.
  std::string_view benchmark_, slug_;
};

class BmfAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "bmf"; }
  std::string_view description() const override {
    return "Bencher Metric Format JSON: any measure, with optional units and direction";
  }

  bool detect(const InputFile& input) const override {
    return first_significant_char(input.text) == '{' && appears_early(input.text, "\"value\"");
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    BmfReader(input, sink).read();
  }
  bool reads_whole_view() const override { return false; }
};

}  // namespace

std::unique_ptr<Adapter> make_bmf_adapter() { return std::make_unique<BmfAdapter>(); }

}  // namespace perfwatch
