// Badges for READMEs and dashboards: an SVG in the flat style of shields.io, and the JSON that
// shields.io's endpoint badge reads (https://shields.io/badges/endpoint-badge), per benchmark,
// per suite (project) and overall, showing the status of the newest values and a value.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace perfwatch::report {

struct Badge {
  std::string label;
  std::string message;
  std::string color;  // "#rrggbb"
};

// The colour of a status as detect names it (red, yellow, green, improved, unknown).
std::string badge_color(std::string_view status);

// Pixel width of text in 11 px Verdana, estimated per character class: badges are sized
// without a font renderer.
int text_width(std::string_view text);

std::string badge_svg(const Badge& badge);
std::string badge_endpoint_json(const Badge& badge);

struct NamedBadge {
  std::string file_stem;  // "overall", "project-SLUG", "benchmark-SLUG"
  Badge badge;
};

// The badges of a site catalog (catalog.hpp, with its series): one per benchmark, one per
// project and one overall. A project's statuses come from its home branch: "main" or "master"
// when it has one, else the branch with the most reports. A benchmark's status is the worst
// over its measures and testbeds; its value that of its first measure on the first testbed.
std::vector<NamedBadge> badge_inputs(const nlohmann::ordered_json& catalog);

// Writes STEM.svg and STEM.json for each badge into dir; returns the number of files.
std::size_t write_badges(const std::vector<NamedBadge>& badges, const std::filesystem::path& dir);

}  // namespace perfwatch::report
