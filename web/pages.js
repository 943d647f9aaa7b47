// The pages but the benchmark page: index, matrix, compare, reports, report, alerts. Each is a
// function that fills <main>; it runs again when the theme changes so charts take its colours.
"use strict";

const PWPages = {};
(() => {
  const { site, lookups, el, humanise } = PW;
  const benchmarkLink = (id) =>
    el("a", { href: "benchmark.html?b=" + id, text: lookups.benchmarks.get(id).name });
  const branchName = (id) => lookups.branches.get(id).name;
  const testbedName = (id) => lookups.testbeds.get(id).name;
  const measureOf = (id) => lookups.measures.get(id);
  const byName = (a, b) => {
    const x = lookups.benchmarks.get(a.benchmark), y = lookups.benchmarks.get(b.benchmark);
    return x.name.localeCompare(y.name) || PW.paramsText(x.params).localeCompare(PW.paramsText(y.params), undefined, { numeric: true });
  };
  const reportLink = (index, text) => el("a", { href: "report.html?r=" + index, text });

  // The overall and per-project badges that badges/ holds (names as badges.cpp makes them).
  const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "x";
  const badges = () => el("p", { class: "badges", title: "badges/ holds an SVG and a shields.io endpoint JSON per benchmark, project and overall" },
    el("img", { src: "badges/overall.svg", alt: "overall status" }), " ",
    site.projects.flatMap((p) => [el("img", { src: `badges/project-${slug(p.slug)}.svg`, alt: `status of ${p.slug}` }), " "]));

  PWPages.index = (main) => {
    const pageSize = 200;
    let limit = pageSize;
    const body = el("tbody");
    const count = el("span", { class: "muted", id: "row-count" });
    const more = el("button", { class: "small", type: "button", onclick: () => { limit += 1000; render(); } });
    const filter = PW.seriesFilter(() => { limit = pageSize; render(); }, { status: true });
    const rows = site.series.map((summary, index) => ({ summary, index })).sort((a, b) => byName(a.summary, b.summary));
    function render() {
      const shown = rows.filter((row) => filter.matches(row.summary));
      body.replaceChildren(...shown.slice(0, limit).map(({ summary }) => {
        const benchmark = lookups.benchmarks.get(summary.benchmark);
        const measure = measureOf(summary.measure);
        return el("tr", { "data-benchmark": benchmark.name },
          el("td", {}, PW.statusBadge(PW.statusOf(summary))),
          el("td", {}, benchmarkLink(summary.benchmark)),
          el("td", { class: "mono", text: PW.paramsText(benchmark.params) }),
          el("td", { text: measure.slug }),
          el("td", { text: branchName(summary.branch) }),
          el("td", { text: testbedName(summary.testbed) }),
          el("td", { class: "num", title: String(summary.latest) }, reportLink(summary.report, humanise(summary.latest, measure.units))),
          el("td", {}, PWCharts.sparkline(summary.spark, summary.status)),
          el("td", { class: "num", text: summary.n }));
      }));
      count.textContent = `${shown.length} of ${rows.length} series`;
      more.textContent = `Show ${Math.min(1000, shown.length - limit)} more`;
      more.hidden = shown.length <= limit;
    }
    const red = site.series.filter((s) => s.status === "red").length;
    main.append(
      el("h1", { text: "Benchmarks" }),
      el("p", { class: "muted" }, `${site.benchmarks.length} benchmarks, ${site.series.length} series on ${site.branches.length} branches and ${site.testbeds.length} testbeds; `,
        red ? el("a", { href: "#status=red", id: "show-regressed", text: `${red} regressed`, onclick: (event) => {
          event.preventDefault();
          const select = document.getElementById("filter-status");
          select.value = "red";
          select.dispatchEvent(new Event("change"));
        } }) : "no regression in the newest reports", "."),
      badges(),
      filter.element, count,
      el("table", { class: "data", id: "benchmarks" },
        el("thead", {}, el("tr", {}, ["Status", "Benchmark", "Parameters", "Measure", "Branch", "Testbed"].map((h) => el("th", { text: h })),
          el("th", { class: "num", text: "Latest" }), el("th", { text: "Trend" }), el("th", { class: "num", text: "Reports" }))),
        body),
      more);
    render();
  };

  PWPages.matrix = (main) => {
    const keys = [...new Set(site.benchmarks.flatMap((b) => Object.keys(b.params || {})))].sort();
    const measureSlugs = [...new Set(site.series.map((s) => measureOf(s.measure).slug))].sort();
    const counts = new Map();
    for (const s of site.series) counts.set(measureOf(s.measure).slug, (counts.get(measureOf(s.measure).slug) || 0) + 1);
    const home = PW.homeBranch();
    const defaultKey = keys.includes("batch_size") ? "batch_size" : keys[0] || "";
    const measure = PW.select("matrix-measure", "Measure", measureSlugs.map((m) => [m, m]),
      measureSlugs.includes("latency") ? "latency" : [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]);
    const branch = PW.select("matrix-branch", "Branch", PW.namesOf(site.branches).map((n) => [n, n]), home ? branchName(home) : undefined);
    const key = PW.select("matrix-param", "Parameter", [["", "No parameter"], ...keys.map((k) => [k, k])], defaultKey);
    const search = el("input", { type: "search", id: "filter-name", placeholder: "Search benchmarks", "aria-label": "Search benchmarks" });
    const table = el("table", { class: "data matrix", id: "matrix" });
    const note = el("p", { class: "muted" });
    const predictedCells = site.predicted || [];
    const level = Math.round(100 * (site.prediction_level || 0.9));
    const showPredicted = el("input", { type: "checkbox", id: "matrix-predicted", checked: predictedCells.length > 0 });
    const legend = el("p", { class: "matrix-legend", id: "matrix-legend" },
      el("span", {}, el("span", { class: "swatch status-green", text: "12.3 ms" }), "measured: the newest value, coloured by its status"),
      el("span", {}, el("span", { class: "swatch predicted", text: "≈ 12.3 ms" }),
        `predicted, never run: estimated by perfwatch's model from the other cells; hover for its ${level}% interval`),
      el("span", {}, el("span", { class: "swatch muted", text: "—" }), "never run, no prediction"));
    for (const input of [measure, branch, key, showPredicted]) input.addEventListener("change", render);
    search.addEventListener("input", render);

    function render() {
      const paramKey = key.value;
      const columnValue = (benchmark) => (paramKey in (benchmark.params || {}) ? String(benchmark.params[paramKey]) : "–");
      const restOf = (benchmark) => {
        const rest = { ...(benchmark.params || {}) };
        delete rest[paramKey];
        return PW.paramsText(rest);
      };
      const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const cells = new Map();
      const rowKeys = new Set(), columnKeys = new Set();
      const testbeds = new Set(), values = new Set();
      for (const summary of site.series) {
        if (measureOf(summary.measure).slug !== measure.value || branchName(summary.branch) !== branch.value) continue;
        const benchmark = lookups.benchmarks.get(summary.benchmark);
        if (!words.every((w) => benchmark.name.toLowerCase().includes(w))) continue;
        const row = benchmark.name + "\u0000" + restOf(benchmark);
        const column = testbedName(summary.testbed) + "\u0000" + columnValue(benchmark);
        testbeds.add(testbedName(summary.testbed));
        values.add(columnValue(benchmark));
        rowKeys.add(row);
        cells.set(row + "\u0001" + column, summary);
      }
      // Predicted cells live in a map of their own and fill only cells no measurement holds.
      const predicted = new Map();
      for (const p of showPredicted.checked ? predictedCells : []) {
        if (measureOf(p.measure).slug !== measure.value || branchName(p.branch) !== branch.value) continue;
        const benchmark = lookups.benchmarks.get(p.benchmark);
        if (!words.every((w) => benchmark.name.toLowerCase().includes(w))) continue;
        const row = benchmark.name + "\u0000" + restOf(benchmark);
        testbeds.add(testbedName(p.testbed));
        values.add(columnValue(benchmark));
        rowKeys.add(row);
        predicted.set(row + "\u0001" + testbedName(p.testbed) + "\u0000" + columnValue(benchmark), p);
      }
      const numeric = (a, b) => a.localeCompare(b, undefined, { numeric: true });
      const sortedTestbeds = [...testbeds].sort();
      const sortedValues = [...values].sort(numeric);
      // Every testbed gets every value, so a combination never run shows as an empty cell.
      for (const t of sortedTestbeds) for (const v of sortedValues) columnKeys.add(t + "\u0000" + v);
      const columns = [...columnKeys];
      const head = el("thead", {},
        el("tr", {}, el("th", { text: "Benchmark", rowspan: 2 }), el("th", { text: "Other parameters", rowspan: 2 }),
          sortedTestbeds.map((t) => el("th", { text: t, colspan: sortedValues.length, class: "num" }))),
        el("tr", {}, columns.map((c) => el("th", { class: "num", text: paramKey ? `${paramKey}=${c.split("\u0000")[1]}` : "" }))));
      const bodyRows = [...rowKeys].sort(numeric).map((row) => {
        const [name, rest] = row.split("\u0000");
        return el("tr", {}, el("td", { text: name }), el("td", { class: "mono", text: rest }),
          columns.map((column) => {
            const summary = cells.get(row + "\u0001" + column);
            const guess = summary ? null : predicted.get(row + "\u0001" + column);
            if (guess) {
              const units = measureOf(guess.measure).units;
              return el("td", { class: "cell predicted", "data-kind": guess.kind,
                title: `predicted, never run: ${humanise(guess.value, units)}, ${level}% interval ${humanise(guess.low, units)} – ${humanise(guess.high, units)} (${guess.kind}${guess.extrapolated ? ", extrapolated" : ""})` },
                el("span", { class: "mark", text: "predicted" }), "≈ " + humanise(guess.value, units));
            }
            if (!summary) return el("td", { class: "cell empty", title: "never run", text: "—" });
            const status = PW.statusOf(summary);
            return el("td", { class: "cell status-" + status, title: PW.statusLabel[status] },
              el("a", { href: "benchmark.html?b=" + summary.benchmark, text: humanise(summary.latest, measureOf(summary.measure).units) }));
          }));
      });
      table.replaceChildren(head, el("tbody", {}, bodyRows));
      note.textContent = `${rowKeys.size} rows × ${columns.length} columns: the newest ${measure.value} on ${branch.value}; a cell's colour is its status` +
        (predicted.size ? `; ${predicted.size} cells never run are predicted (striped, ≈), — where neither.` : ", — where never run.");
      renderParameterCharts([...new Set([...rowKeys].map((row) => row.split("\u0000")[0]))].sort(numeric));
    }

    // The same newest values against the chosen parameter, a chart per benchmark (the first
    // twelve shown, so that a large matrix stays quick to draw).
    const paramCharts = el("div", { id: "matrix-param-charts" });
    function renderParameterCharts(names) {
      paramCharts.replaceChildren();
      if (!key.value) return;
      const shown = names.slice(0, 12);
      for (const name of shown) {
        const chart = PW.parameterLines(name, { branch: branch.value })
          .find((c) => c.param === key.value && c.measure.slug === measure.value);
        if (!chart) continue;
        const box = el("div", { class: "chart-box param-chart", "data-benchmark": name, "data-param": chart.param });
        box.append(el("h3", {}, `${name}: ${chart.measure.slug} by ${chart.param} `, el("span", { class: "muted", text: `(${chart.measure.units})` })));
        const holder = el("div");
        box.append(holder);
        paramCharts.append(box);
        PWCharts.byParameter(holder, { lines: chart.lines, units: chart.measure.units, width: Math.min(1300, main.clientWidth - 40), xLabel: chart.param });
      }
      if (names.length > shown.length) paramCharts.append(el("p", { class: "muted", text: `${names.length - shown.length} more benchmarks: search to chart them.` }));
    }
    main.append(el("h1", { text: "Compatibility matrix" }),
      el("div", { class: "filters" }, search, measure, branch, key,
        el("label", { title: "Cells never run, estimated by the model when the site was written" }, showPredicted, " Show predicted cells")),
      note, legend, table, paramCharts);
    render();
  };

  // Two branches (the newest value of each series on both) or two reports (compare.html?a=R&b=R,
  // every metric both hold, e.g. one commit on two testbeds).
  PWPages.compare = (main) => {
    const names = PW.namesOf(site.branches);
    const home = PW.homeBranch();
    const homeName = home ? branchName(home) : names[0];
    // Default head: the branch of the newest report that is not the base.
    const newestOther = [...site.reports].reverse().find((r) => branchName(r.branch) !== homeName);
    const reportMode = PW.query("a") !== null && PW.query("b") !== null;
    const mode = PW.select("compare-mode", "Compare", [["branches", "Two branches"], ["reports", "Two reports"]], reportMode ? "reports" : "branches");
    const base = PW.select("compare-base", "Base branch", names.map((n) => [n, n]), homeName);
    const head = PW.select("compare-head", "Head branch", names.map((n) => [n, n]), newestOther ? branchName(newestOther.branch) : homeName);
    const testbed = PW.select("compare-testbed", "Testbed", [["", "All testbeds"], ...PW.namesOf(site.testbeds).map((n) => [n, n])], "");
    const reportOptions = [];
    for (let index = site.reports.length - 1; index >= 0 && reportOptions.length < 500; index--) {
      const r = site.reports[index];
      reportOptions.push([String(index), `${PW.time(r.t)} · ${branchName(r.branch)} · ${testbedName(r.testbed)} · ${PW.shortCommit(r.commit)}`]);
    }
    const last = site.reports.length - 1;
    const baseReport = PW.select("compare-base-report", "Base report", reportOptions, PW.query("a") ?? String(Math.max(0, last - 1)));
    const headReport = PW.select("compare-head-report", "Head report", reportOptions, PW.query("b") ?? String(last));
    const noise = el("input", { type: "number", id: "compare-noise", min: 0, step: 0.5, value: 5, "aria-label": "Noise threshold %", style: "width:5em" });
    const search = el("input", { type: "search", id: "filter-name", placeholder: "Search benchmarks", "aria-label": "Search benchmarks" });
    const table = el("table", { class: "data", id: "comparison" });
    const summaryLine = el("p", { class: "muted" });
    const branchInputs = el("span", { class: "filters" }, el("label", {}, "Base ", base), el("label", {}, "Head ", head), testbed);
    const reportInputs = el("span", { class: "filters" }, el("label", {}, "Base ", baseReport), el("label", {}, "Head ", headReport));
    for (const input of [mode, base, head, testbed, baseReport, headReport]) input.addEventListener("change", render);
    for (const input of [noise, search]) input.addEventListener("input", render);

    // Each side: key -> {benchmark, measure, testbed, value, report}.
    function branchSide(branch) {
      const map = new Map();
      for (const s of site.series) {
        if (branchName(s.branch) !== branch || (testbed.value && testbedName(s.testbed) !== testbed.value)) continue;
        map.set(`${s.benchmark}/${s.measure}/${s.testbed}`, { benchmark: s.benchmark, measure: s.measure, testbed: s.testbed, value: s.latest, report: s.report });
      }
      return map;
    }
    async function reportSide(index) {
      const data = await PW.loadData(`data/r/${index}.js`, "r" + index);
      const map = new Map();
      for (const [seriesIndex, value] of data.metrics) {
        const s = site.series[seriesIndex];
        map.set(`${s.benchmark}/${s.measure}`, { benchmark: s.benchmark, measure: s.measure, testbed: s.testbed, value, report: index });
      }
      return map;
    }

    async function render() {
      const reports = mode.value === "reports";
      branchInputs.hidden = reports;
      reportInputs.hidden = !reports;
      const [before, after] = reports
        ? await Promise.all([reportSide(Number(baseReport.value)), reportSide(Number(headReport.value))])
        : [branchSide(base.value), branchSide(head.value)];
      const [baseLabel, headLabel] = reports ? ["Base report", "Head report"] : [base.value, head.value];
      const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const threshold = Number(noise.value) / 100;
      let worse = 0, better = 0;
      const rows = [];
      for (const [keyText, b] of before) {
        const a = after.get(keyText);
        if (!a) continue;
        const benchmark = lookups.benchmarks.get(b.benchmark);
        if (!words.every((w) => benchmark.name.toLowerCase().includes(w))) continue;
        const measure = measureOf(b.measure);
        const delta = b.value !== 0 ? (a.value - b.value) / Math.abs(b.value) : 0;
        const judged = PW.directionKnown(measure);
        const bad = judged && (PW.lowerIsBetter(measure) ? delta > threshold : delta < -threshold);
        const good = judged && (PW.lowerIsBetter(measure) ? delta < -threshold : delta > threshold);
        if (bad) worse++;
        if (good) better++;
        rows.push({ b, a, benchmark, measure, delta, bad, good });
      }
      rows.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
      const testbedText = (row) => row.a.testbed === row.b.testbed ? testbedName(row.b.testbed) : `${testbedName(row.b.testbed)} → ${testbedName(row.a.testbed)}`;
      table.replaceChildren(
        el("thead", {}, el("tr", {}, ["Benchmark", "Parameters", "Measure", "Testbed"].map((h) => el("th", { text: h })),
          el("th", { class: "num", text: baseLabel }), el("th", { class: "num", text: headLabel }), el("th", { class: "num", text: "Change" }))),
        el("tbody", {}, rows.map((row) => el("tr", {},
          el("td", {}, benchmarkLink(row.b.benchmark)),
          el("td", { class: "mono", text: PW.paramsText(row.benchmark.params) }),
          el("td", { text: row.measure.slug }),
          el("td", { text: testbedText(row) }),
          el("td", { class: "num" }, reportLink(row.b.report, humanise(row.b.value, row.measure.units))),
          el("td", { class: "num" }, reportLink(row.a.report, humanise(row.a.value, row.measure.units))),
          el("td", { class: "num " + (row.bad ? "delta-worse" : row.good ? "delta-better" : ""),
            text: (row.delta >= 0 ? "+" : "") + (row.delta * 100).toFixed(1) + "%" })))));
      summaryLine.textContent = `${rows.length} series on both sides: ${worse} worse and ${better} better by more than ${noise.value}% (${reports ? "the two reports' values" : "newest values"}; perfwatch compare tests the difference with the raw samples).`;
    }
    main.append(el("h1", { text: "Compare" }),
      el("div", { class: "filters" }, mode, branchInputs, reportInputs, el("label", {}, "Noise ± ", noise, " %"), search),
      summaryLine, table);
    return render();
  };

  PWPages.reports = (main) => {
    const branch = PW.select("filter-branch", "Branch", [["", "All branches"], ...PW.namesOf(site.branches).map((n) => [n, n])], "");
    const testbed = PW.select("filter-testbed", "Testbed", [["", "All testbeds"], ...PW.namesOf(site.testbeds).map((n) => [n, n])], "");
    const search = el("input", { type: "search", id: "filter-name", placeholder: "Commit or source", "aria-label": "Search reports" });
    const body = el("tbody");
    const count = el("p", { class: "muted" });
    for (const input of [branch, testbed]) input.addEventListener("change", render);
    search.addEventListener("input", render);
    function render() {
      const word = search.value.trim().toLowerCase();
      const shown = [];
      for (let index = site.reports.length - 1; index >= 0 && shown.length < 500; index--) {
        const r = site.reports[index];
        if (branch.value && branchName(r.branch) !== branch.value) continue;
        if (testbed.value && testbedName(r.testbed) !== testbed.value) continue;
        if (word && !(r.commit.toLowerCase().includes(word) || r.source.toLowerCase().includes(word))) continue;
        shown.push(index);
      }
      body.replaceChildren(...shown.map((index) => {
        const r = site.reports[index];
        return el("tr", {},
          el("td", {}, reportLink(index, PW.time(r.t))),
          el("td", { text: lookups.projects.get(r.project).slug }),
          el("td", { text: branchName(r.branch) }),
          el("td", { text: testbedName(r.testbed) }),
          el("td", {}, el("code", { text: PW.shortCommit(r.commit) })),
          el("td", {}, r.ci_run_url ? el("a", { href: r.ci_run_url, text: r.ci_provider || "CI run" }) : r.ci_provider || "–"),
          el("td", { text: r.adapter }));
      }));
      count.textContent = `${shown.length} reports shown (newest first, at most 500) of ${site.reports.length}`;
    }
    main.append(el("h1", { text: "Reports" }), el("div", { class: "filters" }, search, branch, testbed), count,
      el("table", { class: "data", id: "reports" },
        el("thead", {}, el("tr", {}, ["Started (UTC)", "Project", "Branch", "Testbed", "Commit", "CI", "Format"].map((h) => el("th", { text: h })))),
        body));
    render();
  };

  PWPages.report = async (main) => {
    const index = Number(PW.query("r"));
    const report = site.reports[index];
    if (!report) {
      main.append(el("h1", { text: "No such report" }), el("p", {}, el("a", { href: "reports.html", text: "All reports" })));
      return;
    }
    const testbed = lookups.testbeds.get(report.testbed);
    const context = [
      ["Report", el("code", { text: report.id })],
      ["Project", lookups.projects.get(report.project).slug],
      ["Branch", branchName(report.branch) + (report.base_branch ? ` (pull request${report.pr ? " #" + report.pr : ""} into ${report.base_branch})` : "")],
      ["Commit", el("code", { text: report.commit || "–" }), report.dirty ? " (uncommitted changes)" : "", report.commit_time ? ` · ${report.commit_time}` : ""],
      ["Started", PW.time(report.t) + " UTC"],
      ["CI", report.ci_run_url ? el("a", { href: report.ci_run_url, text: report.ci_run_url }) : report.ci_provider || "–"],
      ["Testbed", testbed.name],
      ["Fingerprint", el("code", { text: Object.entries(testbed.fingerprint || {}).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join(" · ") || "–" })],
      ["Source", report.source || "–"],
      ["Format", report.adapter + (report.tool_version ? " " + report.tool_version : "")],
    ];
    const previous = site.reports.findLastIndex((r, i) => i < index && r.branch === report.branch && r.testbed === report.testbed && r.adapter === report.adapter);
    main.append(el("h1", { text: `Report of ${branchName(report.branch)} on ${testbed.name}` }),
      previous >= 0 ? el("p", {}, el("a", { id: "compare-previous", href: `compare.html?a=${previous}&b=${index}`, text: "Compare with the previous report of this branch and testbed" })) : null,
      el("dl", { class: "context", id: "report-context" }, context.flatMap(([k, ...v]) => [el("dt", { text: k }), el("dd", {}, ...v)])));
    const data = await PW.loadData(`data/r/${index}.js`, "r" + index);
    const body = el("tbody");
    for (const [seriesIndex, value, lower = null, upper = null] of data.metrics) {
      const summary = site.series[seriesIndex];
      const benchmark = lookups.benchmarks.get(summary.benchmark);
      const measure = measureOf(summary.measure);
      const isLatest = summary.report === index;
      body.append(el("tr", {},
        el("td", {}, isLatest ? PW.statusBadge(PW.statusOf(summary)) : el("span", { class: "muted", text: "older" })),
        el("td", {}, benchmarkLink(summary.benchmark)),
        el("td", { class: "mono", text: PW.paramsText(benchmark.params) }),
        el("td", { text: measure.slug }),
        el("td", { class: "num", title: String(value), text: humanise(value, measure.units) }),
        el("td", { class: "num", text: lower === null ? "–" : `${humanise(lower, measure.units)} – ${humanise(upper, measure.units)}` })));
    }
    main.append(el("h2", { text: `Metrics (${data.metrics.length})` }),
      el("table", { class: "data", id: "report-metrics" },
        el("thead", {}, el("tr", {}, ["Status", "Benchmark", "Parameters", "Measure"].map((h) => el("th", { text: h })),
          el("th", { class: "num", text: "Value" }), el("th", { class: "num", text: "Bounds" }))), body));
    const resources = Object.entries(data.resources || {});
    main.append(el("h2", { text: "Resource use" }));
    if (resources.length === 0) main.append(el("p", { class: "muted", text: "No resource samples were recorded with this report." }));
    for (const [benchmarkId, r] of resources) {
      const box = el("div", { class: "chart-box" }, el("h3", { text: lookups.benchmarks.get(Number(benchmarkId)).name }));
      main.append(box);
      const ys = [r.cpu, r.rss], labels = ["CPU %", "RSS"], units = ["%", "bytes"];
      if (r.gpu.some((v) => v !== null)) { ys.push(r.gpu); labels.push("GPU %"); units.push("%"); }
      PWCharts.simple(box, { x: r.t_ms.map((t) => t / 1000), ys, labels, units, width: Math.min(1100, main.clientWidth - 40), xLabel: "seconds" });
      // Each GPU's clock, power and temperature, and how many samples it was throttled in.
      for (const gpu of r.gpus || []) {
        const gpuBox = el("div", { class: "chart-box gpu-state" }, el("h3", { text: `${lookups.benchmarks.get(Number(benchmarkId)).name}: GPU ${gpu.index}` }));
        const throttled = gpu.throttled.filter(Boolean).length;
        if (throttled > 0) gpuBox.append(el("p", { class: "status status-red", text: `throttled in ${throttled} of ${gpu.throttled.length} samples` }));
        main.append(gpuBox);
        PWCharts.simple(gpuBox, { x: gpu.t_ms.map((t) => t / 1000), ys: [gpu.sm_mhz.map((v) => v === null ? null : v / 1000), gpu.power_w, gpu.temp_c],
          labels: ["SM clock", "power", "temperature"], units: ["GHz", "W", "°C"], width: Math.min(1100, main.clientWidth - 40), xLabel: "seconds" });
      }
    }
  };

  PWPages.alerts = (main) => {
    const status = PW.select("filter-status", "Status", [["", "Any status"], ["active", "active"], ["acknowledged", "acknowledged"], ["dismissed", "dismissed"], ["resolved", "resolved"]], "");
    const search = el("input", { type: "search", id: "filter-name", placeholder: "Search benchmarks", "aria-label": "Search alerts" });
    const body = el("tbody");
    const count = el("p", { class: "muted" });
    status.addEventListener("change", render);
    search.addEventListener("input", render);
    function render() {
      const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const shown = site.alerts.filter((a) => (!status.value || a.status === status.value) &&
        words.every((w) => lookups.benchmarks.get(a.benchmark).name.toLowerCase().includes(w)));
      body.replaceChildren(...shown.map((a) => {
        const measure = measureOf(a.measure);
        const report = site.reports[a.report];
        return el("tr", {},
          el("td", {}, el("span", { class: "status status-" + (a.status === "active" ? "red" : "unknown"), text: a.status })),
          el("td", { text: a.kind }),
          el("td", {}, benchmarkLink(a.benchmark)),
          el("td", { text: measure.slug }),
          el("td", { class: "num", text: humanise(a.value, measure.units) }),
          el("td", { class: "num", text: humanise(a.baseline, measure.units) }),
          el("td", { class: "num", text: humanise(a.limit, measure.units) }),
          el("td", {}, reportLink(a.report, `${branchName(report.branch)} · ${testbedName(report.testbed)} · ${PW.shortCommit(report.commit)}`)),
          el("td", { text: a.created.replace("T", " ").replace("Z", "") }),
          el("td", { text: a.message }));
      }));
      count.textContent = `${shown.length} of ${site.alerts.length} alerts`;
    }
    main.append(el("h1", { text: "Alerts" }), el("div", { class: "filters" }, search, status), count,
      el("table", { class: "data", id: "alerts" },
        el("thead", {}, el("tr", {}, ["Status", "Kind", "Benchmark", "Measure"].map((h) => el("th", { text: h })),
          ["Value", "Baseline", "Limit"].map((h) => el("th", { class: "num", text: h })),
          ["Report", "Raised (UTC)", "Message"].map((h) => el("th", { text: h })))),
        body));
    render();
  };
})();

window.addEventListener("DOMContentLoaded", () => {
  PW.setupChrome();
  const main = document.getElementById("main");
  const render = () => {
    main.replaceChildren();
    Promise.resolve(PWPages[document.body.dataset.page](main))
      .then(() => {
        performance.mark("perfwatch-rendered");
        document.body.setAttribute("data-rendered", "true");
      })
      .catch((error) => {
        main.append(PW.el("p", { class: "status-red", text: String(error) }));
        console.error(error);
      });
  };
  document.addEventListener("perfwatch-theme", render);
  render();
});
