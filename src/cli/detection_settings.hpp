// The detection settings a command reads from perfwatch.toml (--config) and from its
// --direction flags, shared by compare and check.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "detect/config.hpp"

namespace perfwatch::cli {

// --direction MEASURE=lower|higher on `parser`, repeatable, into `specs`.
void add_direction_option(CLI::App& parser, std::vector<std::string>& specs);

// The configuration of `config_path` (--config), else of ./perfwatch.toml when there is one,
// with the --direction declarations `direction_specs` added to its [[measure]] ones. Throws
// InputError naming the file and line, or the flag.
detect::DetectionConfig read_detection_settings(const std::string& config_path,
                                                const std::vector<std::string>& direction_specs);

}  // namespace perfwatch::cli
