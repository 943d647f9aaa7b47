// scaffold/templates: the files under templates/, compiled in by cmake/EmbedFiles.cmake.
#pragma once

#include <span>
#include <string_view>

namespace perfwatch::scaffold {

struct TemplateFile {
  std::string_view name;  // path under templates/, e.g. "github/perfwatch.yml"
  std::string_view content;
};

std::span<const TemplateFile> embedded_templates();

}  // namespace perfwatch::scaffold
