#include "model/complexity_change.hpp"

#include <set>

namespace perfwatch::model {

namespace {

std::optional<ExtraPModel> fit_with_interval(const std::vector<double>& n,
                                             const std::vector<double>& y) {
  if (std::set<double>(n.begin(), n.end()).size() < 4) return std::nullopt;
  auto fit = fit_extrap(n, y);
  if (!fit || !fit->i_interval) return std::nullopt;
  return fit;
}

}  // namespace

std::optional<ComplexityChange> compare_complexity(const std::vector<double>& n_before,
                                                   const std::vector<double>& y_before,
                                                   const std::vector<double>& n_after,
                                                   const std::vector<double>& y_after) {
  const auto before = fit_with_interval(n_before, y_before);
  if (!before) return std::nullopt;
  const auto after = fit_with_interval(n_after, y_after);
  if (!after) return std::nullopt;
  if (after->i_interval->low > before->i_interval->high) {
    return ComplexityChange{*before, *after, ExponentChange::rose};
  }
  if (after->i_interval->high < before->i_interval->low) {
    return ComplexityChange{*before, *after, ExponentChange::fell};
  }
  return std::nullopt;
}

}  // namespace perfwatch::model
