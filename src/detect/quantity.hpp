// Quantities people write in configuration ("80 MiB/s", "5 ms", "1.2M ops/s") turned into the
// units values are stored in (core/measure.hpp: ns, bytes, B/op, B/s, ops/s, count...).
#pragma once

#include <optional>
#include <string_view>

namespace perfwatch::detect {

// How many `stored_units` one `unit` is, or empty when the two do not measure the same thing.
// An empty unit means the stored units themselves. Time converts among ps..s; bytes among B,
// kB/MB/GB (powers of 1000) and KiB/MiB/GiB (powers of 1024), also per second ("MiB/s") and per
// operation ("KiB/op"); other units take a k, M or G prefix ("Mops/s", "kitems/s").
std::optional<double> unit_factor(std::string_view unit, std::string_view stored_units);

}  // namespace perfwatch::detect
