#include "runner/suite.hpp"

#include <fmt/format.h>

#include <set>

#include "config/toml_document.hpp"
#include "core/error.hpp"

namespace perfwatch::runner {
namespace {

// Reads the suite's sections of a parsed perfwatch.toml.
class Reader {
 public:
  explicit Reader(const config::TomlDocument& document) : document_(document) {}

  std::string where(const toml::node& node) const { return document_.where(node); }

  std::string text(const toml::node& value, std::string_view key) const {
    return document_.text(value, key);
  }

  bool boolean(const toml::node& value, std::string_view key) const {
    return document_.boolean(value, key);
  }

  double seconds(const toml::node& value, std::string_view key) const {
    double number = 0;
    if (const auto* real = value.as_floating_point()) {
      number = real->get();
    } else if (const auto* integer = value.as_integer()) {
      number = static_cast<double>(integer->get());
    } else {
      throw InputError(where(value) + ": " + std::string(key) + " must be a number of seconds");
    }
    if (!(number > 0)) {
      throw InputError(where(value) + ": " + std::string(key) + " must be more than 0 seconds");
    }
    return number;
  }

  std::map<std::string, std::string> environment(const toml::node& value) const {
    const auto* table = value.as_table();
    if (!table) throw InputError(where(value) + ": env must be a table of strings");
    std::map<std::string, std::string> env;
    for (const auto& [name, entry] : *table) {
      if (const auto* string = entry.as_string()) {
        env[std::string(name.str())] = string->get();
      } else if (const auto* integer = entry.as_integer()) {
        env[std::string(name.str())] = std::to_string(integer->get());
      } else if (const auto* flag = entry.as_boolean()) {
        env[std::string(name.str())] = flag->get() ? "true" : "false";
      } else if (const auto* real = entry.as_floating_point()) {
        env[std::string(name.str())] = fmt::format("{}", real->get());
      } else {
        throw InputError(where(entry) + ": env." + std::string(name.str()) + " must be a string");
      }
    }
    return env;
  }

  // A command: an array of strings (argv) or one string (split into words, or run by the shell).
  CommandSpec command(const toml::node& value, std::string_view key, bool shell) const {
    CommandSpec spec;
    spec.shell = shell;
    if (const auto* string = value.as_string()) {
      if (shell) {
        spec.argv = {"/bin/sh", "-c", string->get()};
      } else {
        spec.argv = split_words(string->get(), where(value));
      }
    } else if (const auto* array = value.as_array()) {
      if (shell) {
        throw InputError(where(value) + ": with shell = true, " + std::string(key) +
                         " must be one string");
      }
      for (const auto& word : *array) spec.argv.push_back(text(word, key));
    } else {
      throw InputError(where(value) + ": " + std::string(key) +
                       " must be an array of strings (argv) or a string");
    }
    if (spec.argv.empty() || spec.argv.front().empty()) {
      throw InputError(where(value) + ": " + std::string(key) + " is empty");
    }
    return spec;
  }

  // A matrix value: a string, number or boolean.
  nlohmann::json scalar(const toml::node& value, std::string_view key) const {
    if (const auto* string = value.as_string()) return string->get();
    if (const auto* integer = value.as_integer()) return integer->get();
    if (const auto* real = value.as_floating_point()) return real->get();
    if (const auto* flag = value.as_boolean()) return flag->get();
    throw InputError(where(value) + ": " + std::string(key) +
                     " values must be strings, numbers or booleans");
  }

  nlohmann::json combination(const toml::node& value, std::string_view key) const {
    const auto* table = value.as_table();
    if (!table) {
      throw InputError(where(value) + ": " + std::string(key) +
                       " entries must be tables, e.g. { hardware = \"cpu\", batch = 8 }");
    }
    auto object = nlohmann::json::object();
    for (const auto& [name, entry] : *table) {
      object[std::string(name.str())] =
          scalar(entry, std::string(key) + "." + std::string(name.str()));
    }
    return object;
  }

  std::vector<nlohmann::json> combinations(const toml::node& value, std::string_view key) const {
    const auto* array = value.as_array();
    if (!array)
      throw InputError(where(value) + ": " + std::string(key) + " must be an array of tables");
    std::vector<nlohmann::json> list;
    for (const auto& entry : *array) list.push_back(combination(entry, key));
    return list;
  }

  void matrix(const toml::node& value, BenchmarkSpec& spec) const {
    const auto* table = value.as_table();
    if (!table) throw InputError(where(value) + ": matrix must be a table of arrays");
    for (const auto& [name, entry] : *table) {
      const std::string key(name.str());
      if (key == "include") {
        spec.include = combinations(entry, "matrix.include");
        continue;
      }
      if (key == "exclude") {
        spec.exclude = combinations(entry, "matrix.exclude");
        continue;
      }
      const auto* array = entry.as_array();
      if (!array || array->empty()) {
        throw InputError(where(entry) + ": matrix." + key + " must be a non-empty array of values");
      }
      auto values = nlohmann::json::array();
      for (const auto& element : *array) values.push_back(scalar(element, "matrix." + key));
      spec.matrix[key] = values;
    }
  }

  BenchmarkSpec benchmark(const toml::table& table) const {
    BenchmarkSpec spec;
    spec.origin = fmt::format("{}: line {}", document_.path().string(), table.source().begin.line);
    // shell decides how command strings read, so it is looked at first.
    bool shell = false;
    if (const auto* node = table.get("shell")) shell = boolean(*node, "shell");
    const toml::node* command = nullptr;
    for (const auto& [name, value] : table) {
      const std::string_view key = name.str();
      if (key == "name")
        spec.name = text(value, key);
      else if (key == "command")
        command = &value;
      else if (key == "shell")
        continue;
      else if (key == "setup")
        spec.setup = this->command(value, key, shell);
      else if (key == "teardown")
        spec.teardown = this->command(value, key, shell);
      else if (key == "cwd")
        spec.cwd = text(value, key);
      else if (key == "env")
        spec.env = environment(value);
      else if (key == "adapter")
        spec.adapter = text(value, key);
      else if (key == "output")
        spec.output = text(value, key);
      else if (key == "timeout")
        spec.timeout_s = seconds(value, key);
      else if (key == "matrix")
        matrix(value, spec);
      else if (key == "profile") {
        const auto level = parse_profile_level(text(value, key));
        if (!level) {
          throw InputError(where(value) + ": profile must be one of: " + profile_names());
        }
        spec.profile = *level;
      } else {
        document_.unknown_key(value, key, "[[benchmark]]",
                              "name, command, shell, setup, teardown, cwd, env, adapter, output, "
                              "timeout, profile, matrix");
      }
    }
    const std::string here = where(table);
    if (spec.name.empty()) throw InputError(here + ": [[benchmark]] needs a name");
    if (!command) throw InputError(here + ": benchmark '" + spec.name + "' needs a command");
    spec.command = this->command(*command, "command", shell);
    if (!spec.output.empty() && spec.adapter.empty()) {
      throw InputError(here + ": benchmark '" + spec.name +
                       "' has an output file but no adapter to read it");
    }
    return spec;
  }

  void suite_table(const toml::node& value, Suite& suite) const {
    const auto* table = value.as_table();
    if (!table) throw InputError(where(value) + ": suite must be a table ([suite])");
    for (const auto& [name, entry] : *table) {
      const std::string_view key = name.str();
      if (key == "name")
        suite.name = text(entry, key);
      else if (key == "project")
        suite.project = text(entry, key);
      else if (key == "env")
        suite.env = environment(entry);
      else
        document_.unknown_key(entry, key, "[suite]", "name, project, env");
    }
  }

 private:
  const config::TomlDocument& document_;
};

}  // namespace

std::vector<std::string> split_words(std::string_view text, const std::string& where) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t index = 0; index < text.size(); ++index) {
    const char c = text[index];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        word += c;
    } else if (c == '\\' && index + 1 < text.size()) {
      word += text[++index];
      in_word = true;
    } else if (quote == '"') {
      if (c == '"')
        quote = 0;
      else
        word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) throw InputError(where + ": unclosed " + std::string(1, quote) + " quote");
  if (in_word) words.push_back(std::move(word));
  return words;
}

namespace {

Suite read_suite(const config::TomlDocument& document) {
  const auto& path = document.path();
  Reader reader(document);
  Suite suite;
  suite.path = path;
  suite.directory = std::filesystem::absolute(path).parent_path();
  suite.name = suite.directory.filename().string();
  if (const auto* node = document.root().get("suite")) reader.suite_table(*node, suite);
  if (!document.root().get("benchmark")) {
    throw InputError(path.string() + ": line 1: no benchmarks; add a [[benchmark]] table");
  }
  std::set<std::string> names;
  for (const auto* table : document.tables("benchmark")) {
    auto spec = reader.benchmark(*table);
    if (!names.insert(spec.name).second) {
      throw InputError(reader.where(*table) + ": a benchmark named '" + spec.name +
                       "' is already defined");
    }
    suite.benchmarks.push_back(std::move(spec));
  }
  return suite;
}

}  // namespace

Suite parse_suite(std::string_view text, const std::filesystem::path& path) {
  return read_suite(config::TomlDocument(text, path));
}

Suite load_suite(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw InputError(
        path.string() +
        ": cannot open the suite file; pass --suite FILE or run where perfwatch.toml is");
  }
  return read_suite(*config::TomlDocument::load(path));
}

}  // namespace perfwatch::runner
