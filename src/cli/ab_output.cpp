#include "cli/ab_output.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cli/table.hpp"
#include "core/format.hpp"

namespace perfwatch::cli {
namespace {

std::string percent(double ratio) { return fmt::format("{:+.2f}%", (ratio - 1) * 100); }

// A side as the user named it, with the start of its commit for a git ref.
std::string side_text(const std::string& name, const std::string& commit) {
  return commit.empty() ? name : fmt::format("{} ({})", name, commit.substr(0, 12));
}

std::vector<std::vector<std::string>> rows_of(const store::AbSession& session) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : session.verdicts) {
    auto median = [&](const std::optional<double>& value) {
      return value ? humanise(*value, v.units) : std::string();
    };
    std::vector<std::string> row = {v.name, median(v.base_median), median(v.candidate_median)};
    if (v.ratio && v.ratio_lower && v.ratio_upper && v.p_value) {
      row.push_back(percent(*v.ratio));
      row.push_back(fmt::format("[{}, {}]", percent(*v.ratio_lower), percent(*v.ratio_upper)));
      row.push_back(fmt::format("{:.2g}", *v.p_value));
    } else {
      row.insert(row.end(), {"", "", ""});
    }
    row.push_back(std::to_string(v.pairs));
    row.push_back(v.failure.empty() ? v.verdict : v.verdict + " (" + v.failure + ")");
    rows.push_back(std::move(row));
  }
  return rows;
}

const std::vector<std::string> kColumns = {"benchmark",    "base", "candidate", "change",
                                           "95% interval", "p",    "pairs",     "verdict"};

// "|" would end a Markdown table's cell.
std::string cell(std::string text) {
  for (auto at = text.find('|'); at != std::string::npos; at = text.find('|', at + 2))
    text.replace(at, 1, "\\|");
  return text;
}

void print_markdown(const store::AbSession& session) {
  const double min_change = session.settings.value("min_change", 0.01);
  std::cout << fmt::format("### perfwatch ab: `{}` against `{}`\n\n", cell(session.candidate_name),
                           cell(session.base_name));
  std::cout << "| Benchmark | Base | Candidate | Change | 95% interval | p | Pairs | Verdict |\n"
               "|---|--:|--:|--:|--:|--:|--:|---|\n";
  for (const auto& row : rows_of(session)) {
    std::cout << "|";
    for (const auto& value : row) std::cout << " " << cell(value) << " |";
    std::cout << "\n";
  }
  std::cout << fmt::format(
      "\nBoth sides ran on the same machine, interleaved in randomised ABBA/BAAB blocks. "
      "DIFFERENT: Wilcoxon signed-rank p <= 0.01 and the interval beyond ±{:.1f}%; SAME: the "
      "test could have seen a {:.1f}% change and did not. Session {}.\n",
      min_change * 100, min_change * 100, session.id.substr(0, 8));
}

nlohmann::json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace

nlohmann::json ab_session_json(const store::AbSession& session) {
  auto side = [](const std::string& name, const std::string& commit, const std::string& report) {
    nlohmann::json j = {{"name", name}};
    if (!commit.empty()) j["commit"] = commit;
    if (!report.empty()) j["report"] = report;
    return j;
  };
  nlohmann::json out = {{"session", session.id},
                        {"created", session.created},
                        {"base", side(session.base_name, session.base_commit, session.base_report)},
                        {"candidate", side(session.candidate_name, session.candidate_commit,
                                           session.candidate_report)},
                        {"min_change", session.settings.value("min_change", 0.01)},
                        {"seed", session.settings.value("seed", nlohmann::json())},
                        {"settings", session.settings},
                        {"series", nlohmann::json::array()}};
  if (!session.project.empty()) out["project"] = session.project;
  for (const auto& v : session.verdicts) {
    nlohmann::json j = {{"name", v.name},
                        {"benchmark", v.benchmark},
                        {"params", nlohmann::json::parse(v.params_json)},
                        {"measure", v.measure},
                        {"units", v.units},
                        {"verdict", v.verdict},
                        {"worse", v.worse},
                        {"pairs", v.pairs},
                        {"reused_pairs", v.reused_pairs},
                        {"rounds", v.rounds},
                        {"seconds", v.seconds},
                        {"base_median", optional_json(v.base_median)},
                        {"candidate_median", optional_json(v.candidate_median)}};
    if (v.ratio) {
      j["ratio"] = *v.ratio;
      j["ratio_lower"] = optional_json(v.ratio_lower);
      j["ratio_upper"] = optional_json(v.ratio_upper);
      j["p_value"] = optional_json(v.p_value);
    }
    if (v.exact_test) j["exact_test"] = *v.exact_test;
    if (!v.failure.empty()) j["failure"] = v.failure;
    out["series"].push_back(std::move(j));
  }
  return out;
}

void print_ab_session(const store::AbSession& session, const std::string& format) {
  if (format == "json") {
    std::cout << ab_session_json(session).dump(2) << "\n";
  } else if (format == "markdown") {
    print_markdown(session);
  } else {
    if (!session.id.empty()) {
      std::cout << fmt::format("session:   {} ({})\nbase:      {}\ncandidate: {}\n\n", session.id,
                               session.created, side_text(session.base_name, session.base_commit),
                               side_text(session.candidate_name, session.candidate_commit));
    }
    print_table(kColumns, rows_of(session),
                {"base", "candidate", "change", "95% interval", "p", "pairs"});
  }
}

void print_ab_sessions(const std::vector<store::AbSession>& sessions, const std::string& format) {
  if (format == "json") {
    auto list = nlohmann::json::array();
    for (const auto& session : sessions) {
      auto j = ab_session_json(session);
      j.erase("series");
      list.push_back(std::move(j));
    }
    std::cout << list.dump(2) << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : sessions) {
    rows.push_back({s.id.substr(0, 8), s.created, s.project, side_text(s.base_name, s.base_commit),
                    side_text(s.candidate_name, s.candidate_commit)});
  }
  const std::vector<std::string> columns = {"session", "created", "project", "base", "candidate"};
  if (format == "markdown") {
    std::cout << "| Session | Created | Project | Base | Candidate |\n|---|---|---|---|---|\n";
    for (const auto& row : rows) {
      std::cout << "|";
      for (const auto& value : row) std::cout << " " << cell(value) << " |";
      std::cout << "\n";
    }
    return;
  }
  print_table(columns, rows, {});
}

}  // namespace perfwatch::cli
