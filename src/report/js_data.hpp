// Data files of the site. Pages opened from file:// cannot fetch() JSON, so each data file is a
// script that stores its JSON under a key of the global PW_DATA; a page loads it with a
// <script src> element. Long arrays are written straight into a string, without a JSON tree.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace perfwatch::report {

// Appends v as a JavaScript number: shortest text that reads back exactly; null when not finite.
void append_number(std::string& out, double v);
// Appends [a,b,...] of numbers (non-finite as null).
void append_numbers(std::string& out, std::span<const double> values);
void append_integers(std::string& out, std::span<const int32_t> values);
// Appends a JSON string literal.
void append_string(std::string& out, std::string_view text);

// Writes `path` as `(window.PW_DATA=window.PW_DATA||{})[key]=json;`; throws std::runtime_error
// naming the path when it cannot be written.
void write_js_data(const std::filesystem::path& path, std::string_view key, std::string_view json);
// Writes `content` to `path` as is.
void write_text_file(const std::filesystem::path& path, std::string_view content);

}  // namespace perfwatch::report
