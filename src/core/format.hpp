#pragma once

#include <string>
#include <string_view>

namespace perfwatch {

// `value` in `units` (as stored in the database) for people to read, with three significant
// digits and a scaled unit:
//   ns            -> ns, µs, ms, s        ("1.23 ms")
//   bytes, B/op   -> B, KiB, MiB, GiB, TiB ("1.50 MiB/op" for B/op)
//   B/s           -> B/s, KiB/s, MiB/s, GiB/s, TiB/s
//   anything else -> the count scaled by k, M, G, T before the units ("1.23M ops/s").
// Values under 1000 (1024 for bytes) keep their unit; integers print without decimals.
std::string humanise(double value, std::string_view units);

// A number with three significant digits (at least all its integer digits), e.g. 12.3, 0.500,
// 1234; "nan", "inf" and "-inf" for the non-finite.
std::string three_digits(double value);

}  // namespace perfwatch
