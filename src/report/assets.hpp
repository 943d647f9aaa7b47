// The report site's static files (web/ and uPlot), compiled in by cmake/EmbedFiles.cmake.
#pragma once

#include <span>
#include <string_view>

namespace perfwatch::report {

struct WebAsset {
  std::string_view name;  // file name, e.g. "app.js"
  std::string_view content;
};

std::span<const WebAsset> web_assets();

}  // namespace perfwatch::report
