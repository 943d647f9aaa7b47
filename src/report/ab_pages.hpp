// The report site's A/B pages: ab.html lists the A/B sessions `perfwatch ab` stored (newest
// first), and ab-SESSION.html shows one: its two sides and their reports, its settings, and the
// verdict per series with the ratio's interval drawn against the minimum change. Plain HTML
// written here (no data file, no script): a session never changes once stored.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "store/sql.hpp"

namespace perfwatch::report {

// Writes ab.html and a page per session of `project` (every project when empty) into `dir`;
// returns the number of files written.
std::size_t write_ab_pages(db::Session& database, const std::string& project,
                           const std::string& title, const std::filesystem::path& dir);

}  // namespace perfwatch::report
