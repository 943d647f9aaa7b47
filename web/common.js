// Shared by every page: the catalog (data/site.js) with lookups, formatting of values with
// their units, loading of data files, small DOM helpers, filters and the light/dark switch.
"use strict";

const PW = (() => {
  const site = (window.PW_DATA || {}).site;
  const byId = (list) => new Map(list.map((item) => [item.id, item]));
  const lookups = {
    projects: byId(site.projects),
    branches: byId(site.branches),
    testbeds: byId(site.testbeds),
    measures: byId(site.measures),
    benchmarks: byId(site.benchmarks),
  };

  // Three significant digits with a scaled unit, as perfwatch's terminal output does. A value
  // moves to the next unit when it would print as 1000 or more in this one.
  function humanise(value, units) {
    if (value === null || value === undefined || !isFinite(value)) return "–";
    const digits = (v) => {
      const a = Math.abs(v);
      if (Number.isInteger(v) && a < 1000) return String(v);
      if (a >= 99.95) return v.toFixed(0);
      if (a >= 9.995) return v.toFixed(1);
      return v.toFixed(2);
    };
    const scaled = (v, steps, base, first = 0) => {
      let i = first;
      while (Math.abs(v) >= base - 0.5 && i < steps.length - 1) { v /= base; i++; }
      return digits(v) + steps[i];
    };
    if (units === "ns") return scaled(value, [" ns", " µs", " ms", " s"], 1000);
    if (units === "bytes") return scaled(value, [" B", " KiB", " MiB", " GiB", " TiB"], 1024);
    if (units === "B/op") return scaled(value, [" B/op", " KiB/op", " MiB/op", " GiB/op", " TiB/op"], 1024);
    if (units === "B/s") return scaled(value, [" B/s", " KiB/s", " MiB/s", " GiB/s", " TiB/s"], 1024);
    const suffix = units ? " " + units : "";
    return scaled(value, ["", "k", "M", "G", "T"], 1000) + suffix;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  // Loads data/DIR/NAME.js once; resolves to what it stored under key.
  const pending = new Map();
  function loadData(path, key) {
    if (window.PW_DATA[key] !== undefined) return Promise.resolve(window.PW_DATA[key]);
    if (pending.has(key)) return pending.get(key);
    const promise = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = path;
      script.onload = () => resolve(window.PW_DATA[key]);
      script.onerror = () => reject(new Error("cannot load " + path));
      document.head.append(script);
    });
    pending.set(key, promise);
    return promise;
  }

  const paramsText = (params) =>
    Object.entries(params || {}).map(([k, v]) => k + "=" + (typeof v === "string" ? v : JSON.stringify(v))).join(" ");
  const benchmarkTitle = (benchmark) => {
    const params = paramsText(benchmark.params);
    return params ? benchmark.name + " [" + params + "]" : benchmark.name;
  };
  const statusOf = (summary) => summary.status || "none";
  const statusLabel = { red: "regressed", yellow: "near limit", green: "ok", improved: "improved",
    unknown: "no history", undeclared: "no direction", none: "not checked" };
  const statusBadge = (status) =>
    el("span", { class: "status status-" + status, title: status, text: statusLabel[status] || status });
  const query = (name) => new URLSearchParams(location.search).get(name);
  const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  const time = (seconds) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 16);
  const shortCommit = (commit) => (commit ? commit.slice(0, 8) : "–");
  const lowerIsBetter = (measure) => measure.direction === "lower_is_better";
  // "unknown": the harness did not say and no one declared it; such a measure is never judged.
  const directionKnown = (measure) => measure.direction !== "unknown";

  // The branch most pages start from: main or master, else the one with the most reports.
  function homeBranch() {
    const counts = new Map();
    for (const report of site.reports) counts.set(report.branch, (counts.get(report.branch) || 0) + 1);
    let best = null;
    for (const branch of site.branches) {
      const rank = branch.name === "main" || branch.name === "master" ? Infinity : counts.get(branch.id) || 0;
      if (!best || rank > best.rank) best = { rank, id: branch.id };
    }
    return best ? best.id : null;
  }

  // Unique names, sorted, for a <select>: branches and testbeds of several projects share names.
  const namesOf = (list) => [...new Set(list.map((item) => item.name))].sort();

  function select(id, label, options, value) {
    const node = el("select", { id, "aria-label": label },
      options.map(([v, text]) => el("option", { value: v, text })));
    if (value !== undefined && value !== null) node.value = value;
    return node;
  }

  // Name, branch, testbed and parameter filters over series summaries. The state is kept in the
  // URL's hash so that a filtered view can be linked to and survives a reload.
  function seriesFilter(onChange, { status = false } = {}) {
    const state = Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
    const search = el("input", { type: "search", id: "filter-name", placeholder: "Search benchmarks",
      "aria-label": "Search benchmarks", value: state.q || "" });
    const params = el("input", { type: "search", id: "filter-params", placeholder: "Parameters, e.g. batch_size=8",
      "aria-label": "Filter by parameters", value: state.p || "" });
    const branch = select("filter-branch", "Branch",
      [["", "All branches"], ...namesOf(site.branches).map((n) => [n, n])], state.branch || "");
    const testbed = select("filter-testbed", "Testbed",
      [["", "All testbeds"], ...namesOf(site.testbeds).map((n) => [n, n])], state.testbed || "");
    const statusSelect = status ? select("filter-status", "Status",
      [["", "Any status"], ...Object.entries(statusLabel)], state.status || "") : null;
    const inputs = [search, params, branch, testbed, statusSelect].filter(Boolean);
    const element = el("div", { class: "filters" }, inputs);
    const save = () => {
      const entries = { q: search.value, p: params.value, branch: branch.value, testbed: testbed.value,
        status: statusSelect ? statusSelect.value : "" };
      const hash = new URLSearchParams(Object.entries(entries).filter(([, v]) => v)).toString();
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
      onChange();
    };
    for (const input of inputs) input.addEventListener(input.tagName === "SELECT" ? "change" : "input", save);

    function matches(summary) {
      const benchmark = lookups.benchmarks.get(summary.benchmark);
      const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const name = benchmark.name.toLowerCase();
      if (!words.every((w) => name.includes(w))) return false;
      const wanted = params.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const have = paramsText(benchmark.params).toLowerCase();
      if (!wanted.every((w) => have.split(" ").includes(w) || have.includes(w))) return false;
      if (branch.value && lookups.branches.get(summary.branch).name !== branch.value) return false;
      if (testbed.value && lookups.testbeds.get(summary.testbed).name !== testbed.value) return false;
      if (statusSelect && statusSelect.value && statusOf(summary) !== statusSelect.value) return false;
      return true;
    }
    return { element, matches, branch, testbed, search };
  }

  function setupChrome() {
    const page = document.body.dataset.page;
    for (const link of document.querySelectorAll("header nav a")) {
      if (link.dataset.nav === page) link.classList.add("active");
    }
    document.getElementById("theme-toggle").addEventListener("click", () => {
      const dark = document.documentElement.dataset.theme
        ? document.documentElement.dataset.theme === "dark"
        : matchMedia("(prefers-color-scheme: dark)").matches;
      const next = dark ? "light" : "dark";
      try { localStorage.setItem("perfwatch-theme", next); } catch (e) { /* private mode */ }
      document.documentElement.dataset.theme = next;
      document.dispatchEvent(new CustomEvent("perfwatch-theme"));
    });
    document.getElementById("footer").textContent =
      `Written by perfwatch on ${site.generated} · ${site.benchmarks.length} benchmarks · ${site.reports.length} reports`;
  }

  // A parameter value as a number, or null (hyperfine's parameters are strings: "32").
  const numericParam = (value) => {
    const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
    return Number.isFinite(number) ? number : null;
  };
  // The charts of value against a numeric parameter for the benchmarks named `name`: per
  // parameter with two values or more and per measure, lines of [x, newest value], one per
  // branch · testbed · other params, filtered by branch and testbed names when given.
  function parameterLines(name, { branch = "", testbed = "" } = {}) {
    const siblings = site.benchmarks.filter((b) => b.name === name);
    const keys = [...new Set(siblings.flatMap((b) => Object.keys(b.params || {})))].filter((key) =>
      new Set(siblings.map((b) => numericParam((b.params || {})[key])).filter((x) => x !== null)).size >= 2);
    const charts = [];
    for (const key of keys) {
      const xOf = new Map(siblings.map((b) => [b.id, numericParam((b.params || {})[key])]).filter(([, x]) => x !== null));
      const byMeasure = new Map();
      for (const summary of site.series) {
        if (!xOf.has(summary.benchmark)) continue;
        const branchName = lookups.branches.get(summary.branch).name;
        const testbedName = lookups.testbeds.get(summary.testbed).name;
        if ((branch && branchName !== branch) || (testbed && testbedName !== testbed)) continue;
        const others = Object.fromEntries(Object.entries(lookups.benchmarks.get(summary.benchmark).params || {}).filter(([k]) => k !== key));
        const label = [branchName, testbedName, paramsText(others)].filter((part) => part).join(" · ");
        if (!byMeasure.has(summary.measure)) byMeasure.set(summary.measure, new Map());
        const lines = byMeasure.get(summary.measure);
        if (!lines.has(label)) lines.set(label, []);
        lines.get(label).push([xOf.get(summary.benchmark), summary.latest]);
      }
      for (const [measure, lines] of byMeasure) {
        charts.push({ param: key, measure: lookups.measures.get(measure),
          lines: [...lines].sort(([a], [b]) => a.localeCompare(b)).map(([label, points]) => ({ label, points })) });
      }
    }
    return charts.sort((a, b) => a.param.localeCompare(b.param) || a.measure.slug.localeCompare(b.measure.slug));
  }

  return { site, lookups, humanise, el, loadData, paramsText, benchmarkTitle, statusOf, statusBadge, numericParam, parameterLines,
    statusLabel, query, cssVar, time, shortCommit, lowerIsBetter, directionKnown, homeBranch,
    namesOf, select, seriesFilter, setupChrome };
})();
