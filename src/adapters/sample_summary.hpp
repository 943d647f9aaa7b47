#pragma once

#include <span>

#include "core/metric.hpp"

namespace perfwatch {

// Fills metric's value (mean), lower (min), upper (max), n and, with more than one sample,
// samples from raw samples. Does nothing for an empty span. samples must outlive metric.
void summarise_samples(std::span<const double> samples, MetricRecord& metric);

}  // namespace perfwatch
