#include "report/ab_pages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/format.hpp"
#include "report/js_data.hpp"
#include "report/markup.hpp"
#include "store/ab_sessions.hpp"

namespace perfwatch::report {
namespace {

namespace fs = std::filesystem;

std::string page_of(const store::AbSession& session) { return "ab-" + session.id + ".html"; }

std::string percent(double ratio) { return fmt::format("{:+.2f}%", (ratio - 1) * 100); }

// The head and navigation the site's other pages have (web/shell.html), with the stylesheet
// and the saved light/dark choice, around `body`.
std::string html_page(const std::string& page_title, const std::string& site_title,
                      const std::string& body) {
  return fmt::format(
      R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{0} · {1}</title>
<link rel="stylesheet" href="assets/style.css">
<script>
  try {{ const t = localStorage.getItem("perfwatch-theme"); if (t) document.documentElement.dataset.theme = t; }} catch (e) {{}}
</script>
</head>
<body data-page="ab">
<header class="top">
  <a class="brand" href="index.html">{1}</a>
  <nav>
    <a href="index.html">Benchmarks</a>
    <a href="matrix.html">Matrix</a>
    <a href="compare.html">Compare</a>
    <a href="reports.html">Reports</a>
    <a href="alerts.html">Alerts</a>
    <a href="ab.html" class="active">A/B</a>
  </nav>
</header>
<main id="main">
{2}</main>
</body>
</html>
)",
      escape_markup(page_title), escape_markup(site_title), body);
}

std::string side_text(const std::string& name, const std::string& commit) {
  return commit.empty() ? name : fmt::format("{} ({})", name, commit.substr(0, 12));
}

std::string status_class(const store::AbVerdict& v) {
  if (v.verdict == "SAME") return "status-green";
  if (v.verdict == "DIFFERENT") return v.worse ? "status-red" : "status-improved";
  return "status-unknown";
}

// The ratio's interval as a bar on a scale of ±(largest change shown), with the band of changes
// smaller than the minimum change shaded: DIFFERENT lies wholly outside it.
std::string interval_svg(const store::AbVerdict& v, double min_change) {
  if (!v.ratio || !v.ratio_lower || !v.ratio_upper) return "";
  const double reach =
      std::max({std::abs(*v.ratio_lower - 1), std::abs(*v.ratio_upper - 1), 2 * min_change, 1e-9}) *
      1.1;
  constexpr double width = 160, middle = width / 2;
  auto x = [&](double ratio) { return middle + (ratio - 1) / reach * middle; };
  return fmt::format(
      R"(<svg class="ab-interval" width="{0}" height="14" role="img" aria-label="interval {1} to {2}">)"
      R"(<rect x="{3:.1f}" y="1" width="{4:.1f}" height="12" fill="currentColor" opacity="0.12"/>)"
      R"(<line x1="{5}" y1="0" x2="{5}" y2="14" stroke="currentColor" opacity="0.4"/>)"
      R"(<line x1="{6:.1f}" y1="7" x2="{7:.1f}" y2="7" stroke="currentColor" stroke-width="3"/>)"
      R"(<circle cx="{8:.1f}" cy="7" r="3" fill="currentColor"/></svg>)",
      width, percent(*v.ratio_lower), percent(*v.ratio_upper), x(1 - min_change),
      x(1 + min_change) - x(1 - min_change), middle, x(*v.ratio_lower), x(*v.ratio_upper),
      x(*v.ratio));
}

std::string verdict_table(const store::AbSession& session) {
  const double min_change = session.settings.value("min_change", 0.01);
  std::string rows;
  for (const auto& v : session.verdicts) {
    auto median = [&](const std::optional<double>& value) {
      return value ? escape_markup(humanise(*value, v.units)) : std::string("–");
    };
    const bool summarised = v.ratio && v.ratio_lower && v.ratio_upper && v.p_value;
    rows += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td><span class=\"status {}\">{}</span>{}</td></tr>\n",
        escape_markup(v.name), median(v.base_median), median(v.candidate_median),
        summarised ? percent(*v.ratio) : "–",
        summarised ? fmt::format("[{}, {}]", percent(*v.ratio_lower), percent(*v.ratio_upper))
                   : "–",
        interval_svg(v, min_change), summarised ? fmt::format("{:.2g}", *v.p_value) : "–", v.pairs,
        status_class(v), escape_markup(v.verdict),
        v.failure.empty() ? "" : " <span class=\"muted\">" + escape_markup(v.failure) + "</span>");
  }
  return fmt::format(
      "<table class=\"data\" id=\"ab-verdicts\"><thead><tr><th>Benchmark</th>"
      "<th class=\"num\">Base</th><th class=\"num\">Candidate</th><th class=\"num\">Change</th>"
      "<th class=\"num\">95% interval</th><th>Interval (shaded: within ±{:.1f}%)</th>"
      "<th class=\"num\">p</th><th class=\"num\">Pairs</th><th>Verdict</th></tr></thead>"
      "<tbody>\n{}</tbody></table>\n",
      min_change * 100, rows);
}

std::string session_body(const store::AbSession& session) {
  const auto& s = session.settings;
  const double min_change = s.value("min_change", 0.01);
  auto report_link = [](const std::string& report) {
    return fmt::format("<code>{}</code>", escape_markup(report.substr(0, 8)));
  };
  return fmt::format(
      "<h1>A/B: {} against {}</h1>\n"
      "<dl class=\"ab-facts\">\n"
      "<dt>Session</dt><dd><code>{}</code>, {} UTC, project {}</dd>\n"
      "<dt>Base</dt><dd>{} (report {})</dd>\n"
      "<dt>Candidate</dt><dd>{} (report {})</dd>\n"
      "<dt>Settings</dt><dd>{} time, minimum change {:.1f}%, seed {}, budget {} s / {} runs</dd>\n"
      "</dl>\n{}"
      "<p class=\"legend-note\">Both sides ran on the same machine, interleaved in randomised "
      "ABBA/BAAB blocks. DIFFERENT: Wilcoxon signed-rank p ≤ 0.01 and the interval beyond "
      "±{:.1f}%; SAME: the test could have seen a {:.1f}% change and did not; UNKNOWN: the "
      "budget ran out first. <code>perfwatch compare --ab {}</code> prints it again.</p>\n"
      "<p><a href=\"ab.html\">All A/B sessions</a></p>\n",
      escape_markup(session.candidate_name), escape_markup(session.base_name),
      escape_markup(session.id), escape_markup(session.created), escape_markup(session.project),
      escape_markup(side_text(session.base_name, session.base_commit)),
      report_link(session.base_report),
      escape_markup(side_text(session.candidate_name, session.candidate_commit)),
      report_link(session.candidate_report), escape_markup(s.value("time", std::string("wall"))),
      min_change * 100, s.value("seed", 0), s.value("max_time_s", 0.0), s.value("max_runs", 0),
      verdict_table(session), min_change * 100, min_change * 100,
      escape_markup(session.id.substr(0, 8)));
}

std::string count_text(const store::AbSession& session, const std::string& verdict) {
  return std::to_string(std::count_if(session.verdicts.begin(), session.verdicts.end(),
                                      [&](const auto& v) { return v.verdict == verdict; }));
}

std::string list_body(const std::vector<store::AbSession>& sessions) {
  if (sessions.empty()) {
    return "<h1>A/B sessions</h1>\n<p class=\"muted\" id=\"ab-none\">No A/B session is stored. "
           "<code>perfwatch ab BASE CANDIDATE</code> measures two versions side by side and "
           "stores the session in the database this site was written from.</p>\n";
  }
  std::string rows;
  for (const auto& session : sessions) {
    const bool worse = std::any_of(session.verdicts.begin(), session.verdicts.end(),
                                   [](const auto& v) { return v.worse; });
    rows += fmt::format(
        "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td class=\"num{}\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td></tr>\n",
        escape_markup(page_of(session)), escape_markup(session.id.substr(0, 8)),
        escape_markup(session.created), escape_markup(session.project),
        escape_markup(side_text(session.base_name, session.base_commit)),
        escape_markup(side_text(session.candidate_name, session.candidate_commit)),
        session.verdicts.size(), worse ? " delta-worse" : "", count_text(session, "DIFFERENT"),
        count_text(session, "SAME"), count_text(session, "UNKNOWN"));
  }
  return fmt::format(
      "<h1>A/B sessions</h1>\n<table class=\"data\" id=\"ab-sessions\"><thead><tr>"
      "<th>Session</th><th>Created (UTC)</th><th>Project</th><th>Base</th><th>Candidate</th>"
      "<th class=\"num\">Series</th><th class=\"num\">DIFFERENT</th><th class=\"num\">SAME</th>"
      "<th class=\"num\">UNKNOWN</th></tr></thead><tbody>\n{}</tbody></table>\n",
      rows);
}

}  // namespace

std::size_t write_ab_pages(db::Session& database, const std::string& project,
                           const std::string& title, const fs::path& dir) {
  std::vector<store::AbSession> sessions;
  for (const auto& listed : store::list_ab_sessions(database)) {
    if (!project.empty() && listed.project != project) continue;
    sessions.push_back(store::load_ab_session(database, listed.id));
  }
  for (const auto& session : sessions) {
    write_text_file(dir / page_of(session),
                    html_page("A/B " + session.id.substr(0, 8), title, session_body(session)));
  }
  write_text_file(dir / "ab.html", html_page("A/B sessions", title, list_body(sessions)));
  return sessions.size() + 1;
}

}  // namespace perfwatch::report
