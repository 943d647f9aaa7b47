// config: perfwatch.toml parsed once per process, and the typed reading of its values that the
// readers of its sections ([[benchmark]] and [suite] in runner/suite, [[webhook]] in notify, ...)
// share. Every error is an InputError (exit 2) naming the file, line, column and key.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace perfwatch::config {

class TomlDocument {
 public:
  // Parses `text`; errors name `path`.
  TomlDocument(std::string_view text, std::filesystem::path path);

  // The file at `path`, parsed once per process: later calls return the same document until the
  // file changes (a long-running `serve` sees an edited file). Throws InputError when the file
  // cannot be read or parsed.
  static std::shared_ptr<const TomlDocument> load(const std::filesystem::path& path);

  const toml::table& root() const { return root_; }
  const std::filesystem::path& path() const { return path_; }

  // "FILE: line L, column C", for messages about `node`.
  std::string where(const toml::node& node) const;

  // The value of `key` as the type asked for; an InputError naming the key otherwise.
  std::string text(const toml::node& value, std::string_view key) const;
  bool boolean(const toml::node& value, std::string_view key) const;
  double number(const toml::node& value, std::string_view key) const;
  int64_t whole(const toml::node& value, std::string_view key) const;
  int64_t positive(const toml::node& value, std::string_view key) const;  // whole and >= 1

  // The tables of the array `[[name]]`, in order; none when the document has no `name`.
  std::vector<const toml::table*> tables(std::string_view name) const;
  // The table `[name]`, or nullptr when absent.
  const toml::table* table(std::string_view name) const;

  // The error for a key no reader of `section` knows, listing the ones it does.
  [[noreturn]] void unknown_key(const toml::node& value, std::string_view key,
                                std::string_view section, std::string_view known) const;

 private:
  std::filesystem::path path_;
  toml::table root_;
};

}  // namespace perfwatch::config
