#include "cli/detection_settings.hpp"

#include <filesystem>

#include "core/error.hpp"

namespace perfwatch::cli {

void add_direction_option(CLI::App& parser, std::vector<std::string>& specs) {
  parser
      .add_option("--direction", specs,
                  "MEASURE=lower|higher: which way is better for a measure whose harness does "
                  "not say (as [[measure]] in perfwatch.toml); repeatable. Measures left "
                  "undeclared are listed, not judged")
      ->allow_extra_args(false);
}

detect::DetectionConfig read_detection_settings(const std::string& config_path,
                                                const std::vector<std::string>& direction_specs) {
  detect::DetectionConfig config;
  if (!config_path.empty()) {
    if (!std::filesystem::is_regular_file(config_path)) {
      throw InputError("--config: no file " + config_path);
    }
    config = detect::read_detection_config(config_path);
  } else if (std::filesystem::is_regular_file("perfwatch.toml")) {
    config = detect::read_detection_config("perfwatch.toml");
  }
  for (const auto& spec : direction_specs) config.directions.declare_flag(spec, "--direction");
  return config;
}

}  // namespace perfwatch::cli
