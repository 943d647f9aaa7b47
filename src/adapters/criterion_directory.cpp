#include "adapters/criterion_directory.hpp"

#include <algorithm>
#include <optional>

#include "adapters/json_input.hpp"
#include "adapters/parametrised_name.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"

namespace perfwatch {
namespace fs = std::filesystem;
namespace {

// The new/ folders below root that hold an estimates.json, sorted so reports are reproducible.
std::vector<fs::path> result_folders(const fs::path& root) {
  std::vector<fs::path> folders;
  std::error_code error;
  for (fs::recursive_directory_iterator it(root, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_directory() && it->path().filename() == "new" &&
        fs::is_regular_file(it->path() / "estimates.json")) {
      folders.push_back(it->path());
      it.disable_recursion_pending();
    }
  }
  if (error) throw InputError(root.string() + ": cannot list: " + error.message());
  std::sort(folders.begin(), folders.end());
  return folders;
}

// One estimate: the point and its 95% confidence interval, in ns.
struct Estimate {
  double point, lower, upper;
};

Estimate read_estimate(const JsonInput& json, simdjson::dom::object estimates,
                       std::string_view key) {
  const std::string path(key);
  simdjson::dom::element element;
  if (estimates[key].get(element)) json.fail(path, "an estimate object");
  const auto estimate = json.object_at(element, path);
  simdjson::dom::element interval_element;
  if (estimate["confidence_interval"].get(interval_element)) {
    json.fail(path + ".confidence_interval", "an object");
  }
  const auto interval = json.object_at(interval_element, path + ".confidence_interval");
  return {json.number(estimate, "point_estimate", path),
          json.number(interval, "lower_bound", path + ".confidence_interval"),
          json.number(interval, "upper_bound", path + ".confidence_interval")};
}

// Nanoseconds per iteration of each sample: Criterion times `iters[i]` iterations together.
std::vector<double> per_iteration_samples(const InputFile& input) {
  const JsonInput json(input);
  const auto root = json.object_at(json.root(), "");
  simdjson::dom::element iters_element, times_element;
  if (root["iters"].get(iters_element)) json.fail("iters", "an array");
  if (root["times"].get(times_element)) json.fail("times", "an array");
  const auto iters = json.array_at(iters_element, "iters");
  const auto times = json.array_at(times_element, "times");
  if (iters.size() != times.size()) json.fail("times", "as many entries as iters");
  std::vector<double> samples;
  samples.reserve(iters.size());
  auto time = times.begin();
  for (auto iter : iters) {
    const auto index = "[" + std::to_string(samples.size()) + "]";
    double count = 0, total = 0;
    if (iter.get(count) || count <= 0) json.fail("iters" + index, "a positive number");
    if ((*time).get(total)) json.fail("times" + index, "a number");
    samples.push_back(total / count);
    ++time;
  }
  return samples;
}

}  // namespace

bool is_criterion_directory(const fs::path& folder) {
  std::error_code error;
  for (fs::recursive_directory_iterator it(folder, error), end; !error && it != end;
       it.increment(error)) {
    if (it->path().filename() == "estimates.json" && it->path().parent_path().filename() == "new") {
      return true;
    }
  }
  return false;
}

CriterionDirectory::CriterionDirectory(const fs::path& root) {
  for (const auto& folder : result_folders(root)) {
    benchmarks_.push_back({read_input_file((folder / "benchmark.json").string()),
                           read_input_file((folder / "estimates.json").string()),
                           read_input_file((folder / "sample.json").string())});
  }
}

std::string CriterionDirectory::content_hash() const {
  std::string all;
  for (const auto& files : benchmarks_) {
    for (const InputFile* file : {&files.benchmark, &files.estimates, &files.sample}) {
      all += file->name + '\n' + sha256_hex(file->text) + '\n';
    }
  }
  return sha256_hex(all);
}

void CriterionDirectory::parse(MetricSink& sink) const {
  for (const auto& files : benchmarks_) {
    const JsonInput description(files.benchmark);
    const auto info = description.object_at(description.root(), "");
    const auto split = split_criterion_name(description.string(info, "full_id", ""));
    const auto params = split.params.dump();

    const JsonInput estimates_json(files.estimates);
    const auto estimates = estimates_json.object_at(estimates_json.root(), "");
    // Criterion's headline figure is the slope of the linear regression of time over
    // iterations when it sampled linearly, and the mean when it did not (slope is null then).
    simdjson::dom::element slope;
    const bool has_slope = !estimates["slope"].get(slope) && !slope.is_null();
    const Estimate time = read_estimate(estimates_json, estimates, has_slope ? "slope" : "mean");
    const auto samples = per_iteration_samples(files.sample);

    MetricRecord latency;
    latency.benchmark = split.benchmark;
    latency.params_json = params;
    latency.measure = &measures::latency;
    latency.value = time.point;
    latency.lower = time.lower;
    latency.upper = time.upper;
    latency.n = static_cast<int64_t>(samples.size());
    latency.samples = samples;
    sink.add(latency);

    // Throughput per iteration turned into a rate; the slowest time bounds the lowest rate.
    simdjson::dom::element throughput_element;
    if (info["throughput"].get(throughput_element) || throughput_element.is_null()) continue;
    const auto throughput = description.object_at(throughput_element, "throughput");
    std::optional<double> per_iteration;
    const Measure* measure = nullptr;
    if ((per_iteration = description.optional_number(throughput, "Bytes", "throughput"))) {
      measure = &measures::bytes_per_second;
    } else if ((per_iteration =
                    description.optional_number(throughput, "Elements", "throughput"))) {
      measure = &measures::items_per_second;
    } else {
      description.fail("throughput", "Bytes or Elements");
    }
    std::vector<double> rates;
    rates.reserve(samples.size());
    for (const double ns : samples) rates.push_back(*per_iteration * 1e9 / ns);
    MetricRecord rate;
    rate.benchmark = split.benchmark;
    rate.params_json = params;
    rate.measure = measure;
    rate.value = *per_iteration * 1e9 / time.point;
    rate.lower = *per_iteration * 1e9 / time.upper;
    rate.upper = *per_iteration * 1e9 / time.lower;
    rate.n = latency.n;
    rate.samples = rates;
    sink.add(rate);
  }
}

}  // namespace perfwatch
