// Comparison of computed statistics to SciPy's reference values, to a relative tolerance.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <iomanip>
#include <optional>

namespace perfwatch::stats::testing {

// Relative tolerance where the maths is the same as SciPy's and only rounding differs.
inline constexpr double kRelative = 1e-9;

// Passes when actual holds a value within tolerance * |expected| of expected (exactly equal when
// expected is zero).
inline ::testing::AssertionResult RelativeNear(const std::optional<double>& actual, double expected,
                                               double tolerance = kRelative) {
  if (!actual) return ::testing::AssertionFailure() << "no result, expected " << expected;
  const double allowed = tolerance * std::abs(expected);
  if (std::abs(*actual - expected) <= allowed) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << std::setprecision(17) << *actual << " differs from " << expected << " by "
         << std::abs(*actual - expected) << ", more than " << allowed;
}

}  // namespace perfwatch::stats::testing
