#include "cli/table.hpp"

#include <algorithm>
#include <iostream>

namespace perfwatch::cli {
namespace {

// Characters on screen of UTF-8 text (µ is two bytes, one character).
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

void print_table(const std::vector<std::string>& columns,
                 const std::vector<std::vector<std::string>>& rows,
                 const std::set<std::string>& right_aligned, std::ostream& out) {
  std::vector<std::size_t> widths;
  for (const auto& column : columns) widths.push_back(display_width(column));
  for (const auto& row : rows) {
    for (std::size_t index = 0; index < row.size(); ++index) {
      widths[index] = std::max(widths[index], display_width(row[index]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t index = 0; index < cells.size(); ++index) {
      const std::string padding(widths[index] - display_width(cells[index]), ' ');
      if (index > 0) line += "  ";
      line +=
          right_aligned.contains(columns[index]) ? padding + cells[index] : cells[index] + padding;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << "\n";
  };
  print_row(columns);
  for (const auto& row : rows) print_row(row);
}

}  // namespace perfwatch::cli
