// Aligned text tables for people, shared by the commands that list things.
#pragma once

#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace perfwatch::cli {

// Prints a header row and rows, columns two spaces apart; columns named in `right_aligned`
// (numbers) are aligned to the right. Widths count characters, not bytes.
void print_table(const std::vector<std::string>& columns,
                 const std::vector<std::vector<std::string>>& rows,
                 const std::set<std::string>& right_aligned, std::ostream& out = std::cout);

}  // namespace perfwatch::cli
