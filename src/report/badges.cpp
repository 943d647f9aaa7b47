#include "report/badges.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "core/format.hpp"
#include "report/js_data.hpp"
#include "report/markup.hpp"
#include "report/parallel.hpp"

namespace perfwatch::report {
namespace {

using json = nlohmann::ordered_json;

// Worse first: a badge shows the worst status of what it covers.
int severity(std::string_view status) {
  if (status == "red") return 4;
  if (status == "yellow") return 3;
  if (status == "unknown") return 2;
  if (status == "improved") return 1;
  return 0;  // green
}

std::string status_word(std::string_view status) {
  if (status == "red") return "regressed";
  if (status == "yellow") return "near limit";
  if (status == "improved") return "improved";
  if (status == "green") return "ok";
  return "no verdict";
}

// Lowercase letters, digits and dashes.
std::string slug_of(std::string_view text) {
  std::string slug;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "x" : slug;
}

std::string params_text(const json& params) {
  std::string text;
  if (!params.is_object()) return text;
  for (const auto& [key, value] : params.items()) {
    text += fmt::format(" {}={}", key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return text;
}

// Home branch of each project (see badge_inputs).
std::map<int64_t, int64_t> home_branches(const json& catalog) {
  std::map<int64_t, int64_t> reports_of_branch;
  for (const auto& report : catalog["reports"])
    ++reports_of_branch[report["branch"].get<int64_t>()];
  std::map<int64_t, std::pair<int, int64_t>> best;  // project -> (rank, branch)
  for (const auto& branch : catalog["branches"]) {
    const auto name = branch["name"].get<std::string>();
    const auto id = branch["id"].get<int64_t>();
    const int rank =
        name == "main" || name == "master" ? 1 << 30 : static_cast<int>(reports_of_branch[id]);
    auto& current = best[branch["project"].get<int64_t>()];
    if (current.second == 0 || rank > current.first) current = {rank, id};
  }
  std::map<int64_t, int64_t> home;
  for (const auto& [project, choice] : best) home[project] = choice.second;
  return home;
}

struct Tally {
  int worst = -1;
  std::string worst_status = "unknown";
  std::size_t benchmarks = 0, regressed = 0;
  void add(std::string_view status) {
    if (severity(status) > worst) {
      worst = severity(status);
      worst_status = std::string(status);
    }
  }
};

Badge suite_badge(const std::string& label, const Tally& tally) {
  if (tally.benchmarks == 0) return {label, "no data", badge_color("unknown")};
  const auto message =
      tally.regressed > 0 ? fmt::format("{} of {} regressed", tally.regressed, tally.benchmarks)
                          : fmt::format("{} {}", tally.benchmarks, status_word(tally.worst_status));
  return {label, message, badge_color(tally.worst_status)};
}

}  // namespace

std::string badge_color(std::string_view status) {
  if (status == "red") return "#e05d44";
  if (status == "yellow") return "#dfb317";
  if (status == "green") return "#44cc11";
  if (status == "improved") return "#007ec6";
  return "#9f9f9f";
}

int text_width(std::string_view text) {
  double width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte: counted with its lead byte
    if (std::string_view("iljI.,:;|!' ").find(static_cast<char>(c)) != std::string_view::npos) {
      width += 3.9;
    } else if (std::string_view("frt()[]/-").find(static_cast<char>(c)) != std::string_view::npos) {
      width += 4.9;
    } else if (std::string_view("mwMW%").find(static_cast<char>(c)) != std::string_view::npos) {
      width += 10.7;
    } else if (std::isupper(c)) {
      width += 7.6;
    } else {
      width += 6.9;
    }
  }
  return static_cast<int>(width + 0.5);
}

std::string badge_svg(const Badge& badge) {
  const int label_width = text_width(badge.label) + 10;
  const int message_width = text_width(badge.message) + 10;
  const int width = label_width + message_width;
  const auto label = escape_markup(badge.label);
  const auto message = escape_markup(badge.message);
  return fmt::format(
      R"svg(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="20" role="img" aria-label="{1}: {2}">)svg"
      R"svg(<title>{1}: {2}</title>)svg"
      R"svg(<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>)svg"
      R"svg(<stop offset="1" stop-opacity=".1"/></linearGradient>)svg"
      R"svg(<clipPath id="r"><rect width="{0}" height="20" rx="3" fill="#fff"/></clipPath>)svg"
      R"svg(<g clip-path="url(#r)"><rect width="{3}" height="20" fill="#555"/>)svg"
      R"svg(<rect x="{3}" width="{4}" height="20" fill="{5}"/><rect width="{0}" height="20" fill="url(#s)"/></g>)svg"
      R"svg(<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">)svg"
      R"svg(<text x="{6}" y="15" fill="#010101" fill-opacity=".3">{1}</text><text x="{6}" y="14">{1}</text>)svg"
      R"svg(<text x="{7}" y="15" fill="#010101" fill-opacity=".3">{2}</text><text x="{7}" y="14">{2}</text>)svg"
      R"svg(</g></svg>)svg"
      "\n",
      width, label, message, label_width, message_width, badge.color, label_width / 2.0,
      label_width + message_width / 2.0);
}

std::string badge_endpoint_json(const Badge& badge) {
  json endpoint = {{"schemaVersion", 1},
                   {"label", badge.label},
                   {"message", badge.message},
                   {"color", badge.color.substr(badge.color.starts_with('#') ? 1 : 0)}};
  return endpoint.dump() + "\n";
}

std::vector<NamedBadge> badge_inputs(const json& catalog) {
  const auto home = home_branches(catalog);
  std::map<int64_t, const json*> benchmarks, measures, projects;
  for (const auto& b : catalog["benchmarks"]) benchmarks[b["id"].get<int64_t>()] = &b;
  for (const auto& m : catalog["measures"]) measures[m["id"].get<int64_t>()] = &m;
  for (const auto& p : catalog["projects"]) projects[p["id"].get<int64_t>()] = &p;

  struct Covered {
    Tally tally;
    const json* first = nullptr;  // series whose value the badge shows
  };
  std::map<int64_t, Covered> per_benchmark;
  for (const auto& series : catalog["series"]) {
    const auto benchmark = series["benchmark"].get<int64_t>();
    const auto project = (*benchmarks.at(benchmark))["project"].get<int64_t>();
    const auto found = home.find(project);
    if (found == home.end() || series["branch"].get<int64_t>() != found->second) continue;
    auto& covered = per_benchmark[benchmark];
    covered.tally.add(series["status"].is_string() ? series["status"].get<std::string>()
                                                   : "unknown");
    if (covered.first == nullptr) covered.first = &series;
  }

  std::vector<NamedBadge> badges;
  std::map<int64_t, Tally> per_project;
  Tally overall;
  std::set<std::string> stems;
  for (const auto& [benchmark_id, covered] : per_benchmark) {
    const auto& benchmark = *benchmarks.at(benchmark_id);
    const auto& measure = *measures.at((*covered.first)["measure"].get<int64_t>());
    const auto name = benchmark["name"].get<std::string>() + params_text(benchmark["params"]);
    auto stem = "benchmark-" + slug_of(name);
    if (!stems.insert(stem).second) stem += fmt::format("-{}", benchmark_id);
    stems.insert(stem);
    const auto& status = covered.tally.worst_status;
    badges.push_back({stem,
                      {name,
                       fmt::format("{} {}",
                                   humanise((*covered.first)["latest"].get<double>(),
                                            measure["units"].get<std::string>()),
                                   status == "green" ? std::string() : "· " + status_word(status)),
                       badge_color(status)}});
    while (!badges.back().badge.message.empty() && badges.back().badge.message.back() == ' ') {
      badges.back().badge.message.pop_back();
    }
    for (auto* tally : {&per_project[benchmark["project"].get<int64_t>()], &overall}) {
      tally->add(status);
      ++tally->benchmarks;
      if (status == "red") ++tally->regressed;
    }
  }
  for (const auto& [project_id, project] : projects) {
    const auto slug = (*project)["slug"].get<std::string>();
    badges.push_back({"project-" + slug_of(slug), suite_badge(slug, per_project[project_id])});
  }
  badges.push_back({"overall", suite_badge("benchmarks", overall)});
  return badges;
}

std::size_t write_badges(const std::vector<NamedBadge>& badges, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  parallel_for(badges.size(), [&](std::size_t index) {
    const auto& named = badges[index];
    write_text_file(dir / (named.file_stem + ".svg"), badge_svg(named.badge));
    write_text_file(dir / (named.file_stem + ".json"), badge_endpoint_json(named.badge));
  });
  return badges.size() * 2;
}

}  // namespace perfwatch::report
