// The page of one benchmark (benchmark.html?b=ID): a chart per measure with a line per branch
// and testbed, bounds as a band, alerts and change points marked; raw samples on demand; the
// newest values against each numeric parameter of the benchmark.
"use strict";

PWPages.benchmark = async (main) => {
  const { site, lookups, el, humanise } = PW;
  const id = Number(PW.query("b"));
  const benchmark = lookups.benchmarks.get(id);
  if (!benchmark) {
    main.append(el("h1", { text: "No such benchmark" }), el("p", {}, el("a", { href: "index.html", text: "All benchmarks" })));
    return;
  }
  main.append(el("h1", {}, benchmark.name, " ", el("span", { class: "muted mono", text: PW.paramsText(benchmark.params) })));
  const data = await PW.loadData(`data/b/${id}.js`, "b" + id);

  const state = Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
  const branchNames = [...new Set(data.series.map((s) => lookups.branches.get(site.series[s.i].branch).name))].sort();
  const testbedNames = [...new Set(data.series.map((s) => lookups.testbeds.get(site.series[s.i].testbed).name))].sort();
  const branch = PW.select("filter-branch", "Branch", [["", "All branches"], ...branchNames.map((n) => [n, n])], state.branch || "");
  const testbed = PW.select("filter-testbed", "Testbed", [["", "All testbeds"], ...testbedNames.map((n) => [n, n])], state.testbed || "");
  const anySamples = data.series.some((s) => s.samples);
  const samplesButton = el("button", { class: "small", type: "button", id: "load-samples", hidden: !anySamples, text: "Show raw samples" });
  const charts = el("div", { id: "charts" });
  main.append(el("div", { class: "filters" }, branch, testbed, samplesButton,
    el("span", { class: "muted", text: "Drag to zoom, double-click to reset; click a point for its report." })), charts);

  let samples = null;
  const samplesPanel = el("div", { class: "chart-box samples-panel", id: "samples", hidden: true });
  main.append(samplesPanel);
  samplesButton.addEventListener("click", async () => {
    samples = await PW.loadData(`data/s/${id}.js`, "s" + id);
    samplesButton.disabled = true;
    samplesButton.textContent = "Raw samples loaded: click a point";
  });

  function showSamples(seriesIndex, point, units, label) {
    const series = data.series.find((s) => s.i === seriesIndex);
    const reportIndex = series.r[point];
    const values = (samples[seriesIndex] || {})[reportIndex];
    samplesPanel.hidden = false;
    samplesPanel.replaceChildren(el("h3", { text: `Raw samples: ${label}, commit ${PW.shortCommit(site.reports[reportIndex].commit)}` }));
    if (!values || values.length === 0) {
      samplesPanel.append(el("p", { class: "muted", text: "This value was stored without samples." }));
      return;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    samplesPanel.append(el("p", { class: "muted", text: `${values.length} samples: min ${humanise(sorted[0], units)}, median ${humanise(median, units)}, max ${humanise(sorted[sorted.length - 1], units)}` }));
    const box = el("div");
    samplesPanel.append(box);
    PWCharts.simple(box, { x: values.map((v, i) => i + 1), ys: [values], labels: ["sample"], units: [units], width: Math.min(900, main.clientWidth - 40), xLabel: "run", points: true });
  }

  function render() {
    const hash = new URLSearchParams(Object.entries({ branch: branch.value, testbed: testbed.value }).filter(([, v]) => v)).toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    charts.replaceChildren();
    const measures = [...new Set(data.series.map((s) => site.series[s.i].measure))]
      .map((m) => lookups.measures.get(m)).sort((a, b) => a.slug.localeCompare(b.slug));
    for (const measure of measures) {
      const lines = data.series.filter((s) => {
        const summary = site.series[s.i];
        return summary.measure === measure.id &&
          (!branch.value || lookups.branches.get(summary.branch).name === branch.value) &&
          (!testbed.value || lookups.testbeds.get(summary.testbed).name === testbed.value);
      }).map((s) => {
        const summary = site.series[s.i];
        const alertReports = new Set(site.alerts.filter((a) => a.benchmark === id && a.measure === measure.id).map((a) => a.report));
        return {
          index: s.i,
          label: `${lookups.branches.get(summary.branch).name} · ${lookups.testbeds.get(summary.testbed).name}`,
          t: s.t, v: s.v, lo: s.lo, hi: s.hi, r: s.r, summary,
          marks: { alerts: s.r.flatMap((r, i) => (alertReports.has(r) ? [i] : [])), changes: s.cp },
        };
      });
      if (lines.length === 0) continue;
      const box = el("div", { class: "chart-box", "data-measure": measure.slug });
      charts.append(box);
      box.append(el("h3", {}, `${measure.slug} `, el("span", { class: "muted", text: `(${measure.units}, ${!PW.directionKnown(measure) ? "direction not declared" : PW.lowerIsBetter(measure) ? "lower is better" : "higher is better"})` })));
      const chartHolder = el("div");
      box.append(chartHolder);
      PWCharts.history(chartHolder, {
        lines, units: measure.units, width: Math.min(1300, main.clientWidth - 40),
        onPick: (lineIndex, point) => {
          const line = lines[lineIndex];
          if (samples) showSamples(line.index, point, measure.units, line.label);
          else location.href = "report.html?r=" + line.r[point];
        },
      });
      const notes = [];
      for (const line of lines) {
        const status = PW.statusOf(line.summary);
        notes.push(el("div", { class: "legend-note" }, PW.statusBadge(status), ` ${line.label}: newest ${humanise(line.summary.latest, measure.units)}`,
          line.summary.baseline !== undefined && line.summary.baseline !== null ? `, baseline ${humanise(line.summary.baseline, measure.units)}` : "",
          line.marks.changes.length ? `; change points at ${line.marks.changes.map((c) => `${PW.shortCommit(site.reports[line.r[c.i]].commit)} (${humanise(c.before, measure.units)} → ${humanise(c.after, measure.units)})`).join(", ")}` : "",
          line.marks.alerts.length ? `; ${line.marks.alerts.length} alert(s)` : ""));
      }
      box.append(...notes);
    }
  }
  // Value against each numeric parameter the benchmark's siblings (same name, other params)
  // vary: the newest value of each series, one line per branch · testbed · other params.
  const paramCharts = el("div", { id: "param-charts" });
  main.append(paramCharts);
  function renderParameters() {
    paramCharts.replaceChildren();
    const charts = PW.parameterLines(benchmark.name, { branch: branch.value, testbed: testbed.value });
    if (charts.length === 0) return;
    paramCharts.append(el("h2", { text: "Against parameters (newest values)" }));
    for (const chart of charts) {
      const box = el("div", { class: "chart-box param-chart", "data-param": chart.param, "data-param-measure": chart.measure.slug });
      box.append(el("h3", {}, `${chart.measure.slug} by ${chart.param} `, el("span", { class: "muted", text: `(${chart.measure.units})` })));
      const holder = el("div");
      box.append(holder);
      paramCharts.append(box);
      PWCharts.byParameter(holder, { lines: chart.lines, units: chart.measure.units, width: Math.min(1300, main.clientWidth - 40), xLabel: chart.param });
    }
  }
  const renderAll = () => { render(); renderParameters(); };
  branch.addEventListener("change", renderAll);
  testbed.addEventListener("change", renderAll);
  renderAll();
};
