#include "stats/outliers.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "stats/reference/reference_values.hpp"
#include "stats/relative_near.hpp"

namespace perfwatch::stats {
namespace {

using testing::RelativeNear;

void ExpectScores(std::span<const double> values, std::span<const double> expected) {
  const std::optional<std::vector<double>> scores = modified_z_scores(values);
  ASSERT_TRUE(scores);
  ASSERT_EQ(scores->size(), expected.size());
  for (std::size_t index = 0; index < expected.size(); ++index) {
    SCOPED_TRACE(index);
    EXPECT_TRUE(RelativeNear((*scores)[index], expected[index]));
  }
}

TEST(ModifiedZScore, MatchesReferenceOnNormalAndHeavyTailedSamples) {
  ExpectScores(reference::k_normal_small, reference::k_modified_z_normal_small);
  ExpectScores(reference::k_heavy_tailed, reference::k_modified_z_heavy_tailed);
  ExpectScores(reference::k_one_outlier, reference::k_modified_z_one_outlier);
}

TEST(ModifiedZScore, ZeroMadFallsBackToMeanAbsoluteDeviation) {
  // Five of nine values are 5: the MAD is zero, so the scale is sqrt(pi/2) * mean |x - median|.
  ExpectScores(reference::k_mostly_identical, reference::k_modified_z_mostly_identical);
}

TEST(ModifiedZScore, IdenticalValuesGiveNoScores) {
  const std::vector<double> values{2.0, 2.0, 2.0, 2.0};
  EXPECT_FALSE(modified_z_scores(values));
}

TEST(ModifiedZScore, FewerThanTwoOrNonFiniteValuesGiveNoScores) {
  EXPECT_FALSE(modified_z_scores(std::vector<double>{1.0}));
  EXPECT_FALSE(modified_z_scores(std::vector<double>{}));
  EXPECT_FALSE(
      modified_z_scores(std::vector<double>{1.0, std::numeric_limits<double>::quiet_NaN()}));
}

TEST(Outliers, FlagsTheGrossOutlierOnly) {
  const std::optional<std::vector<std::size_t>> indices = outlier_indices(reference::k_one_outlier);
  ASSERT_TRUE(indices);
  EXPECT_EQ(*indices, std::vector<std::size_t>{6});  // the 25.0 among values near 10
}

TEST(Outliers, ZeroMadStillFlagsTheFarValue) {
  // mostly_identical: 9.0 is far from the five 5s; 4.0 and 6.0 are not.
  const std::optional<std::vector<std::size_t>> indices =
      outlier_indices(reference::k_mostly_identical);
  ASSERT_TRUE(indices);
  EXPECT_EQ(*indices, std::vector<std::size_t>{6});
}

TEST(Outliers, IdenticalValuesHaveNone) {
  const std::optional<std::vector<std::size_t>> indices =
      outlier_indices(std::vector<double>{4.0, 4.0, 4.0});
  ASSERT_TRUE(indices);
  EXPECT_TRUE(indices->empty());
}

TEST(Outliers, ThresholdIsTheCallersChoice) {
  const std::optional<std::vector<std::size_t>> none =
      outlier_indices(reference::k_one_outlier, 1e9);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(Outliers, DegenerateInputGivesNoResult) {
  EXPECT_FALSE(outlier_indices(std::vector<double>{1.0}));
  EXPECT_FALSE(outlier_indices(std::vector<double>{1.0, std::numeric_limits<double>::infinity()}));
}

}  // namespace
}  // namespace perfwatch::stats
