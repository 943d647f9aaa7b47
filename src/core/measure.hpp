// core: the data model every other folder shares (measures, metrics, report context, errors).
// It owns no I/O and depends on nothing but the standard library and nlohmann::json.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace perfwatch {

// unknown: the harness's format does not say which way is better (a user counter, a custom
// metric); such a measure is listed but not judged until its direction is declared.
enum class Direction { lower_is_better, higher_is_better, unknown };

std::string_view to_string(Direction direction);
// Accepts "lower"/"higher", the long forms "lower_is_better"/"higher_is_better", and "unknown"
// (as stored).
std::optional<Direction> parse_direction(std::string_view text);

// Unit names as stored in the database. Time is always normalised to nanoseconds.
namespace units {
inline constexpr std::string_view ns = "ns";
inline constexpr std::string_view bytes = "bytes";
inline constexpr std::string_view bytes_per_s = "B/s";
inline constexpr std::string_view ops_per_s = "ops/s";
inline constexpr std::string_view items_per_s = "items/s";
inline constexpr std::string_view count = "count";
inline constexpr std::string_view bytes_per_op = "B/op";
inline constexpr std::string_view allocs_per_op = "allocs/op";
}  // namespace units

// A kind of quantity a benchmark reports, with its units and which way is better.
struct Measure {
  std::string slug;
  std::string units;
  Direction direction = Direction::lower_is_better;

  bool operator==(const Measure&) const = default;
};

// The measures adapters normalise into. A harness's own measure that fits none of these keeps
// its own slug (BMF's custom measures, Go's custom metrics).
namespace measures {
inline const Measure latency{"latency", std::string(units::ns), Direction::lower_is_better};
inline const Measure cpu_time{"cpu_time", std::string(units::ns), Direction::lower_is_better};
inline const Measure throughput{"throughput", std::string(units::ops_per_s),
                                Direction::higher_is_better};
inline const Measure bytes_per_second{"bytes_per_second", std::string(units::bytes_per_s),
                                      Direction::higher_is_better};
inline const Measure items_per_second{"items_per_second", std::string(units::items_per_s),
                                      Direction::higher_is_better};
inline const Measure peak_rss{"peak_rss", std::string(units::bytes), Direction::lower_is_better};
inline const Measure allocated_bytes{"allocated_bytes", std::string(units::bytes_per_op),
                                     Direction::lower_is_better};
inline const Measure allocations{"allocations", std::string(units::allocs_per_op),
                                 Direction::lower_is_better};
inline const Measure instructions{"instructions", std::string(units::count),
                                  Direction::lower_is_better};
}  // namespace measures

// Nanoseconds in one of the named time unit ("ps", "ns", "us", "µs", "μs", "ms", "s"),
// or nothing for an unknown unit.
std::optional<double> nanoseconds_per(std::string_view time_unit);

}  // namespace perfwatch
