// Modelling (issue 18) on published results: converts bench/data/model's CSV tables into
// perfwatch receipts (JSON with params), one per testbed, ingests them with the perfwatch binary
// into a DuckDB file as a user would, runs `perfwatch predict --validate` and `perfwatch
// scaling` on it and prints the figures beside the targets and the naive baselines of
// bench/data/model/README.md. Then times the prediction of a 100,000-cell matrix in process.
//
//   build/bench/model_bench [--keep DIR]
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>

#include "bench_support.hpp"
#include "model/matrix.hpp"
#include "model/predictor.hpp"

namespace {

using perfwatch::bench::Stopwatch;
using Json = nlohmann::json;
using Row = std::map<std::string, std::string>;

// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines.
std::vector<Row> read_csv(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string text = buffer.str();
  std::vector<std::vector<std::string>> records(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        records.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        records.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().emplace_back();
    } else if (c == '\n') {
      records.emplace_back(1);
    } else if (c != '\r') {
      records.back().back() += c;
    }
  }
  std::vector<Row> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != records[0].size()) continue;  // the empty last line
    Row row;
    for (std::size_t c = 0; c < records[0].size(); ++c) row[records[0][c]] = records[r][c];
    rows.push_back(std::move(row));
  }
  return rows;
}

// receipts[testbed]: the perfwatch receipt (runner/receipt.cpp's format) of that testbed.
using Receipts = std::map<std::string, Json>;

void add_metric(Receipts& receipts, const std::string& testbed, const std::string& benchmark,
                const Json& params, const std::string& measure, const std::string& units,
                const std::string& direction, double value) {
  Json& receipt = receipts[testbed];
  if (receipt.is_null()) {
    receipt = {{"perfwatch_receipt", 1},
               {"tool_version", "published tables"},
               {"benchmarks", Json::array()}};
  }
  receipt["benchmarks"].push_back({{"benchmark", benchmark},
                                   {"params", params},
                                   {"metrics",
                                    {{{"benchmark", benchmark},
                                      {"params", params},
                                      {"measure", measure},
                                      {"units", units},
                                      {"direction", direction},
                                      {"value", value}}}}});
}

// GPU inference: benchmark = the model string, testbed = the GPU, params = batch size,
// precision and the unit throughput counts (which differs between models).
Receipts gpu_receipts(const std::string& csv) {
  Receipts receipts;
  for (const Row& row : read_csv(csv)) {
    const bool throughput = row.at("metric") == "throughput_per_s";
    Json params = {{"batch_size", std::stoi(row.at("batch_size"))},
                   {"precision", row.at("precision")}};
    if (throughput) params["counts"] = row.at("unit");
    add_metric(receipts, row.at("hardware"), row.at("model"), params,
               throughput ? "throughput" : "latency", throughput ? "1/s" : "ms",
               throughput ? "higher_is_better" : "lower_is_better", std::stod(row.at("value")));
  }
  return receipts;
}

// ncnn: benchmark = the network, testbed = the machine, params = threads, which cores (cpu
// affinity) and the build variant; latency_avg is `latency`, latency_min `latency_min`.
Receipts cpu_receipts(const std::string& csv) {
  Receipts receipts;
  for (const Row& row : read_csv(csv)) {
    const Json params = {{"num_threads", std::stoi(row.at("param_value"))},
                         {"cpu_affinity", row.at("cpu_affinity")},
                         {"build_variant", row.at("build_variant")}};
    add_metric(receipts, row.at("machine"), row.at("benchmark"), params,
               row.at("metric") == "latency_avg" ? "latency" : "latency_min", "ms",
               "lower_is_better", std::stod(row.at("value")));
  }
  return receipts;
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

void run(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

void ingest(const std::string& db, const std::string& project, const Receipts& receipts,
            const std::filesystem::path& folder) {
  std::size_t index = 0;
  for (const auto& [testbed, receipt] : receipts) {
    const auto path = folder / fmt::format("{}-{}.json", project, index++);
    perfwatch::bench::write_file(path, receipt.dump());
    run(
        fmt::format("{} --db {} ingest --adapter perfwatch_receipt --project {} --branch main "
                    "--testbed {} {} >/dev/null",
                    PERFWATCH_BINARY, db, project, shell_quote(testbed), path.string()));
  }
}

struct Target {
  std::string question;
  double target_percent, naive_percent;
};

void print_validation(const Json& figures, const std::vector<Target>& targets) {
  fmt::print("  {:<16} {:>6} {:>8} {:>8} {:>8} {:>12}\n", "question", "cells", "MAPE", "target",
             "naive", "in 90% int.");
  for (const auto& figure : figures) {
    const std::string question = figure["question"];
    std::string target = "-", naive = "-";
    for (const auto& t : targets) {
      if (t.question == question) {
        target = fmt::format("<={:g}%", t.target_percent);
        naive = fmt::format("{:g}%", t.naive_percent);
      }
    }
    fmt::print("  {:<16} {:>6} {:>7.1f}% {:>8} {:>8} {:>11.1f}%", question,
               figure["predicted"].get<int>(), figure["mape_percent"].get<double>(), target, naive,
               figure["interval_coverage_percent"].get<double>());
    if (figure["repeats"].get<int>() > 1) {
      fmt::print("  (one seed: {:.1f}-{:.1f}% over {} seeds)",
                 figure["mape_lowest_percent"].get<double>(),
                 figure["mape_highest_percent"].get<double>(), figure["repeats"].get<int>());
    }
    fmt::print("\n");
  }
}

Json run_json(const std::string& command, const std::filesystem::path& out, double& seconds) {
  Stopwatch watch;
  run(command + " --format json > " + out.string());
  seconds = watch.seconds();
  return Json::parse(read_text(out));
}

double median(std::vector<double> values) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

void print_thread_scaling(const Json& fits, double seconds) {
  std::vector<double> fractions, peaks, usl_errors, amdahl_errors;
  std::size_t usl = 0;
  for (const auto& fit : fits) {
    if (fit.contains("amdahl")) {
      fractions.push_back(fit["amdahl"]["parallel_fraction"]);
      amdahl_errors.push_back(fit["amdahl"]["relative_rms"]);
    }
    if (fit.contains("usl")) {
      ++usl;
      usl_errors.push_back(fit["usl"]["relative_rms"]);
      if (!fit["usl"]["peak_concurrency"].is_null())
        peaks.push_back(fit["usl"]["peak_concurrency"]);
    }
  }
  fmt::print(
      "\nncnn latency along threads, perfwatch scaling ({:.1f} s): {} series with >= 3 thread "
      "counts; Amdahl parallel fraction median {:.3f} (fit error median {:.1f}%); USL on {} "
      "(fit error median {:.1f}%), {} with a throughput peak, median peak at {:.1f} threads\n",
      seconds, fits.size(), median(fractions), 100 * median(amdahl_errors), usl,
      100 * median(usl_errors), peaks.size(), median(peaks));
}

void print_batch_scaling(const Json& fits, double seconds) {
  std::map<std::string, std::size_t> classes;
  std::vector<double> exponents, smape;
  for (const auto& fit : fits) {
    if (fit.contains("complexity_class")) ++classes[fit["complexity_class"]["class"]];
    if (fit.contains("extrap")) {
      exponents.push_back(fit["extrap"]["exponent"]);
      smape.push_back(fit["extrap"]["cv_smape_percent"]);
    }
  }
  fmt::print(
      "GPU latency along batch size, perfwatch scaling ({:.1f} s): {} series; Extra-P exponent "
      "median {:.2f}, leave-one-out SMAPE median {:.1f}%; complexity classes:",
      seconds, fits.size(), median(exponents), median(smape));
  for (const auto& [name, count] : classes) fmt::print(" {} {}", name, count);
  fmt::print("\n");
}

// A matrix of `rows` configurations x `columns` testbeds, half of it measured: each row a
// saturating curve along x, scaled by a testbed speed that depends on the row (rank 2), with 3%
// noise; times the predictor's fit and its predictions for every cell not measured.
void time_large_matrix(std::size_t benchmarks, std::size_t sizes, std::size_t columns) {
  std::mt19937_64 engine(7);
  std::normal_distribution<double> noise(0, 0.03);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<perfwatch::model::Observation> observations;
  std::vector<perfwatch::model::Observation> missing;
  for (std::size_t b = 0; b < benchmarks; ++b) {
    const double memory_bound = uniform(engine), scale = std::exp(4 * uniform(engine));
    for (std::size_t s = 0; s < sizes; ++s) {
      const double x = std::pow(2.0, static_cast<double>(s));
      for (std::size_t c = 0; c < columns; ++c) {
        const double compute = 1 + static_cast<double>(c % 7),
                     memory = 1 + static_cast<double>(c % 5);
        const double speed = memory_bound * memory + (1 - memory_bound) * compute;
        const double value = scale * speed * x / (1 + x / 16) * std::exp(noise(engine));
        perfwatch::model::Observation o{fmt::format("bench{}", b), "", fmt::format("tb{}", c), x,
                                        value};
        (uniform(engine) < 0.5 ? observations : missing).push_back(o);
      }
    }
  }
  Stopwatch watch;
  const perfwatch::model::Matrix matrix(observations);
  const perfwatch::model::Predictor predictor(matrix);
  const double fit = watch.seconds();
  std::size_t predicted = 0;
  double error = 0;
  for (const auto& o : missing) {
    if (const auto p = predictor.predict(o)) {
      ++predicted;
      error += std::abs(p->value - o.value) / o.value;
    }
  }
  fmt::print(
      "  {} cells ({} measured, {} predicted): fit and calibration {:.2f} s, total {:.2f} s "
      "(target < 2 s); MAPE on the synthetic cells {:.1f}%\n",
      observations.size() + missing.size(), observations.size(), predicted, fit, watch.seconds(),
      100 * error / static_cast<double>(predicted));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    perfwatch::bench::TempDir temp;
    std::filesystem::path folder = temp / "";
    if (argc == 3 && std::string(argv[1]) == "--keep") folder = argv[2];
    std::filesystem::create_directories(folder);
    const std::string db = (folder / "published.duckdb").string();
    std::filesystem::remove(db);
    const std::string data = std::string(PERFWATCH_SOURCE_DIR) + "/bench/data/model/";

    Stopwatch watch;
    ingest(db, "nvidia-inference", gpu_receipts(data + "gpu_inference.csv"), folder);
    ingest(db, "ncnn", cpu_receipts(data + "cpu_threads.csv"), folder);
    fmt::print("ingested both tables into {} in {:.1f} s\n\n", db, watch.seconds());

    const std::string perfwatch = fmt::format("{} --db {}", PERFWATCH_BINARY, db);
    double seconds = 0;
    const Json gpu = run_json(perfwatch +
                                  " predict --validate --project nvidia-inference "
                                  "--measure throughput --param batch_size",
                              folder / "gpu.json", seconds);
    fmt::print("GPU inference throughput, leave-out validation ({:.1f} s):\n", seconds);
    print_validation(gpu, {{"interior", 4, 6.5},
                           {"largest", 10, 15.7},
                           {"unseen testbed", 15, 25.9},
                           {"20% hidden", 12, 25.6}});
    const Json cpu = run_json(perfwatch +
                                  " predict --validate --project ncnn --measure latency "
                                  "--param num_threads",
                              folder / "cpu.json", seconds);
    fmt::print("\nncnn CPU latency along threads, leave-out validation ({:.1f} s):\n", seconds);
    print_validation(cpu, {{"interior", 6, 8.1}, {"largest", 10, 13.9}});

    const Json threads = run_json(perfwatch +
                                      " scaling --project ncnn --measure latency --param "
                                      "num_threads",
                                  folder / "threads.json", seconds);
    print_thread_scaling(threads, seconds);
    const Json batches = run_json(perfwatch +
                                      " scaling --project nvidia-inference --measure latency "
                                      "--param batch_size",
                                  folder / "batches.json", seconds);
    print_batch_scaling(batches, seconds);

    fmt::print("\nprediction speed (in process, synthetic):\n");
    time_large_matrix(1250, 8, 10);
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "model_bench: " << error.what() << "\n";
    return 1;
  }
}
