// The live dashboard's own script (web/dashboard/), compiled in by cmake/EmbedFiles.cmake.
#pragma once

#include <span>
#include <string_view>

namespace perfwatch::server {

struct LiveAsset {
  std::string_view name;  // file name, e.g. "live.js"
  std::string_view content;
};

std::span<const LiveAsset> live_assets();

}  // namespace perfwatch::server
