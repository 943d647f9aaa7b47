// model: how well the predictions of predictor.hpp hold on the user's own matrix, per kind of
// question, by hiding measured cells and predicting them from the rest:
// - interior: a parameter value between measured ones of the same series (one cell hidden);
// - largest: the largest parameter value of a series of at least three (one cell hidden);
// - unseen testbed: every cell of a series hidden at once (a testbed never measured with that
//   benchmark and parameters), the cross-testbed model refitted without them;
// - 20% hidden: five folds of a seeded shuffle, each hiding a fifth of all cells, refitted;
//   repeated with `repeats` seeds (the figure is the mean over all of them; the spread, the
//   lowest and highest MAPE of one seed, shows how much one shuffle can move it).
// For each: the mean absolute percentage error and the share of hidden values inside their
// prediction interval.
#pragma once

#include <string>
#include <vector>

#include "model/matrix.hpp"

namespace perfwatch::model {

struct ValidationFigure {
  std::string question;   // interior, largest, unseen testbed, 20% hidden
  std::size_t count = 0;  // hidden cells predicted
  double mape_percent = 0;
  double coverage_percent = 0;               // of the intervals at `coverage`
  std::size_t missed = 0;                    // hidden cells the models could not estimate
  std::size_t repeats = 1;                   // seeded shuffles averaged (20% hidden)
  double mape_lowest = 0, mape_highest = 0;  // of one shuffle, over the repeats
};

std::vector<ValidationFigure> validate(const Matrix& matrix, double coverage = 0.9,
                                       std::size_t repeats = 5);

}  // namespace perfwatch::model
