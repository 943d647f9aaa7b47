#include "config/toml_document.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "core/error.hpp"

namespace perfwatch::config {
namespace {

std::string position(const std::filesystem::path& path, const toml::source_position& at) {
  return fmt::format("{}: line {}, column {}", path.string(), at.line, at.column);
}

// A parsed file and what it was parsed from, to notice an edit.
struct Cached {
  std::filesystem::file_time_type modified;
  std::uintmax_t size = 0;
  std::shared_ptr<const TomlDocument> document;
};

}  // namespace

TomlDocument::TomlDocument(std::string_view text, std::filesystem::path path)
    : path_(std::move(path)) {
  try {
    root_ = toml::parse(text, path_.string());
  } catch (const toml::parse_error& error) {
    throw InputError(position(path_, error.source().begin) + ": " +
                     std::string(error.description()));
  }
}

std::shared_ptr<const TomlDocument> TomlDocument::load(const std::filesystem::path& path) {
  static std::mutex mutex;
  static std::map<std::string, Cached> cache;
  std::error_code error;
  const auto absolute = std::filesystem::absolute(path, error).lexically_normal().string();
  const auto modified = std::filesystem::last_write_time(path, error);
  const auto size = std::filesystem::file_size(path, error);
  const std::lock_guard lock(mutex);
  auto& cached = cache[absolute];
  if (!error && cached.document && cached.modified == modified && cached.size == size) {
    return cached.document;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(path.string() + ": cannot open the file");
  std::ostringstream text;
  text << file.rdbuf();
  cached.document = std::make_shared<const TomlDocument>(text.str(), path);
  cached.modified = modified;
  cached.size = size;
  return cached.document;
}

std::string TomlDocument::where(const toml::node& node) const {
  return position(path_, node.source().begin);
}

std::string TomlDocument::text(const toml::node& value, std::string_view key) const {
  if (const auto* string = value.as_string()) return string->get();
  throw InputError(where(value) + ": " + std::string(key) + " must be a string");
}

bool TomlDocument::boolean(const toml::node& value, std::string_view key) const {
  if (const auto* flag = value.as_boolean()) return flag->get();
  throw InputError(where(value) + ": " + std::string(key) + " must be true or false");
}

double TomlDocument::number(const toml::node& value, std::string_view key) const {
  if (const auto* real = value.as_floating_point()) return real->get();
  if (const auto* integer = value.as_integer()) return static_cast<double>(integer->get());
  throw InputError(where(value) + ": " + std::string(key) + " must be a number");
}

int64_t TomlDocument::whole(const toml::node& value, std::string_view key) const {
  if (const auto* integer = value.as_integer()) return integer->get();
  throw InputError(where(value) + ": " + std::string(key) + " must be a whole number");
}

int64_t TomlDocument::positive(const toml::node& value, std::string_view key) const {
  const auto* integer = value.as_integer();
  if (!integer || integer->get() < 1) {
    throw InputError(where(value) + ": " + std::string(key) + " must be a whole number above 0");
  }
  return integer->get();
}

std::vector<const toml::table*> TomlDocument::tables(std::string_view name) const {
  std::vector<const toml::table*> tables;
  const auto* node = root_.get(name);
  if (!node) return tables;
  const auto* array = node->as_array();
  if (!array) {
    throw InputError(where(*node) + ": " + std::string(name) + " must be an array of tables ([[" +
                     std::string(name) + "]])");
  }
  for (const auto& element : *array) {
    const auto* table = element.as_table();
    if (!table) {
      throw InputError(where(element) + ": [[" + std::string(name) + "]] entries must be tables");
    }
    tables.push_back(table);
  }
  return tables;
}

const toml::table* TomlDocument::table(std::string_view name) const {
  const auto* node = root_.get(name);
  if (!node) return nullptr;
  if (const auto* table = node->as_table()) return table;
  throw InputError(where(*node) + ": " + std::string(name) + " must be a table ([" +
                   std::string(name) + "])");
}

void TomlDocument::unknown_key(const toml::node& value, std::string_view key,
                               std::string_view section, std::string_view known) const {
  throw InputError(
      fmt::format("{}: unknown key '{}' in {}; known: {}", where(value), key, section, known));
}

}  // namespace perfwatch::config
