// End-to-end test of `perfwatch report --out`: builds a database with two branches, two
// testbeds and a batch_size parameter (history_fixture.mjs), writes the site, opens every page
// in Debian's chromium (headless) through playwright-core, and checks what a person would see:
// charts drawn, a tooltip on hover, filters that filter, light and dark mode, no console error.
// Screenshots are kept in WORK/screenshots.
//   node_modules/.bin/node tests/report/e2e.mjs PERFWATCH WORK
// Exit codes: 0 passed, 1 failed, 77 chromium cannot start here (CTest SKIP_RETURN_CODE).
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildHistory } from "./history_fixture.mjs";
import { startE2e } from "./e2e_harness.mjs";

const { perfwatch, work, shots, browser, check, fail, finish } = await startE2e(
  "node tests/report/e2e.mjs PERFWATCH WORK");

try {
  const db = buildHistory(perfwatch, join(work, "data"));
  // A benchmark with a single point: its chart must not spread over years.
  const single = join(work, "data", "single.json");
  writeFileSync(single, JSON.stringify({ warmup: { latency: { value: 5e6 } } }));
  execFileSync(perfwatch, ["--db", db, "ingest", "--project", "ml", "--branch", "main", "--testbed", "cpu-x86",
    "--commit", "ab".repeat(20), single]);
  // Two benchmarks along batch_size: 1..1024 spans three decades (a log axis), 1..8 does not.
  const sweep = (name, batches) => ({ results: batches.map((batch) => ({ command: name, mean: 1e-3 * (1 + Math.log2(batch)),
    stddev: 1e-5, median: 1e-3, user: 1e-3, system: 0, min: 1e-3, max: 1e-3, times: [1e-3], parameters: { batch_size: String(batch) } })) });
  const sweeps = join(work, "data", "sweeps.json");
  writeFileSync(sweeps, JSON.stringify({ results: [...sweep("sweep/wide", [1, 4, 16, 64, 256, 1024]).results, ...sweep("sweep/narrow", [1, 2, 4, 8]).results] }));
  execFileSync(perfwatch, ["--db", db, "ingest", "--project", "ml", "--branch", "main", "--testbed", "cpu-x86",
    "--commit", "cd".repeat(20), sweeps]);
  const siteDir = join(work, "site");
  execFileSync(perfwatch, ["--db", db, "report", "--out", siteDir, "--title", "ml benchmarks"]);
  check(existsSync(join(siteDir, "index.html")), "the site has an index page");

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on("requestfailed", (request) => errors.push(`${page.url()}: cannot load ${request.url()}`));
  // No request may leave the site's folder: the site works with no network.
  await context.route((url) => !url.href.startsWith("file:"), (route) => {
    errors.push("network request to " + route.request().url());
    return route.abort();
  });

  const open = async (path) => {
    const [file, search] = path.split("?");
    await page.goto(pathToFileURL(join(siteDir, file)).href + (search ? "?" + search : ""));
    await page.waitForSelector("body[data-rendered='true']", { timeout: 15000 });
  };
  const shot = (name) => page.screenshot({ path: join(shots, name + ".png"), fullPage: true });

  // Index: rows, sparklines, status badges, filtering by name, parameters, branch and testbed.
  await open("index.html");
  await shot("index");
  const allRows = await page.locator("#benchmarks tbody tr").count();
  check(allRows === 61, `the index lists every series (${allRows} of 61)`);
  check((await page.locator("#benchmarks canvas.spark").count()) === allRows, "every row has a sparkline");
  check((await page.locator("#benchmarks .status-red").count()) >= 1, "the regression shows as red");
  const badgeWidths = await page.locator("p.badges img").evaluateAll((images) => images.map((i) => i.naturalWidth));
  check(badgeWidths.length === 2 && badgeWidths.every((w) => w > 40), `the overall and project badges show (${badgeWidths})`);
  await page.fill("#filter-name", "resnet");
  const resnetRows = await page.locator("#benchmarks tbody tr").count();
  const names = await page.locator("#benchmarks tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.benchmark));
  check(resnetRows > 0 && resnetRows < allRows && names.every((n) => n === "resnet/train"),
    `searching "resnet" keeps only resnet/train (${resnetRows} rows)`);
  await page.fill("#filter-params", "batch_size=32");
  const batchRows = await page.locator("#benchmarks tbody tr td.mono").allTextContents();
  check(batchRows.length > 0 && batchRows.every((t) => t === "batch_size=32"), "the parameter filter keeps batch_size=32");
  await page.fill("#filter-name", "");
  await page.fill("#filter-params", "");
  await page.selectOption("#filter-branch", "feature/fast-path");
  await page.selectOption("#filter-testbed", "gpu-a100");
  const cells = await page.locator("#benchmarks tbody tr").evaluateAll((rows) => rows.map((r) => [r.children[4].textContent, r.children[5].textContent]));
  check(cells.length > 0 && cells.every(([b, t]) => b === "feature/fast-path" && t === "gpu-a100"), "branch and testbed filters");
  await shot("index-filtered");
  await page.reload();
  await page.waitForSelector("body[data-rendered='true']");
  check((await page.inputValue("#filter-branch")) === "feature/fast-path", "filters survive a reload (kept in the URL)");

  // Benchmark pages: one chart per measure, with canvas; hover shows the commit.
  const benchmarkIds = await page.evaluate(() => PW.site.benchmarks.map((b) => b.id));
  for (const id of benchmarkIds) {
    await open(`benchmark.html?b=${id}`);
    const charts = await page.locator("#charts .chart-box .uplot canvas").count();
    const measures = await page.locator("#charts .chart-box[data-measure]").count();
    check(charts >= 1 && charts === measures, `benchmark ${id}: ${charts} charts drawn for ${measures} measures`);
  }
  const warmup = await page.evaluate(() => PW.site.benchmarks.find((b) => b.name === "warmup").id);
  await open(`benchmark.html?b=${warmup}`);
  const span = Number(await page.locator("#charts .chart-box[data-measure='latency'] [data-x-span-seconds]").getAttribute("data-x-span-seconds"));
  check(span > 0 && span <= 2 * 86400, `a single point's time axis spans a day, not years (${span} s)`);
  check((await page.locator("#param-charts .param-chart").count()) === 0, "a benchmark without parameters has no parameter chart");

  const bert32 = await page.evaluate(() => PW.site.benchmarks.find((b) => b.name === "bert/infer" && b.params.batch_size === "32").id);
  await open(`benchmark.html?b=${bert32}`);
  // Value against batch_size (1, 8, 32): one line per branch · testbed, newest values.
  const paramBox = page.locator("#param-charts .param-chart[data-param='batch_size'][data-param-measure='latency']");
  check((await paramBox.locator(".uplot canvas").count()) === 1, "the benchmark page charts latency against batch_size");
  const paramLegend = await paramBox.locator(".u-legend .u-series th").allTextContents();
  check(paramLegend.some((l) => l.includes("main · gpu-a100")) && paramLegend.some((l) => l.includes("feature/fast-path · cpu-x86")),
    `the parameter chart has a line per branch and testbed (${paramLegend.join(", ")})`);
  const over = page.locator(".chart-box[data-measure='latency'] .u-over").first();
  const box = await over.boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width * 0.62, box.y + box.height / 2);
  const tooltip = page.locator(".chart-box[data-measure='latency'] .tooltip");
  await tooltip.waitFor({ state: "visible", timeout: 5000 }).catch(() => {});
  const tip = (await tooltip.isVisible()) ? await tooltip.textContent() : "";
  check(/commit [0-9a-f]{8}/.test(tip) && /(µs|ms|ns)/.test(tip), `hovering shows values and commits: "${tip.slice(0, 120)}"`);
  const legend = (await page.locator(".chart-box[data-measure='latency'] .u-legend .u-series .u-value").allTextContents()).slice(1);
  check(legend.some((v) => /\d/.test(v)), `the legend follows the cursor (${legend.join(", ")})`);
  const notes = await page.locator(".chart-box[data-measure='latency'] .legend-note").allTextContents();
  check(notes.some((n) => n.includes("main · gpu-a100") && n.includes("change points at")), "the step change is marked as a change point");
  await shot("benchmark-hover");
  await page.click("#load-samples");
  await page.waitForFunction(() => document.getElementById("load-samples").disabled);
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.waitForSelector("#samples:not([hidden]) canvas", { timeout: 5000 }).catch(() => {});
  check(/8 samples/.test(await page.locator("#samples").textContent()), "raw samples load on demand and chart");
  await shot("benchmark-samples");

  // Matrix: benchmark x testbed x batch_size, empty where never run.
  await open("matrix.html");
  await shot("matrix");
  const filled = await page.locator("#matrix td.cell:not(.empty)").count();
  const empty = await page.locator("#matrix td.cell.empty").count();
  check(filled > 0 && empty > 0, `the matrix has values (${filled}) and empty cells where never run (${empty})`);
  const header = await page.locator("#matrix thead").textContent();
  check(header.includes("batch_size=32") && header.includes("gpu-a100"), "matrix columns are testbed × batch_size");
  const matrixCharts = await page.locator("#matrix-param-charts .param-chart[data-param='batch_size']").evaluateAll(
    (boxes) => boxes.map((b) => b.dataset.benchmark + ":" + b.querySelectorAll(".uplot canvas").length));
  check(matrixCharts.includes("bert/infer:1") && matrixCharts.includes("resnet/train:1"),
    `the matrix page charts each benchmark against batch_size (${matrixCharts.join(", ")})`);

  // Predicted cells: resnet/train never ran on cpu-x86, so the model fills those cells, marked
  // apart from measured ones, with the interval in the title; the switch hides them.
  const legendText = await page.locator("#matrix-legend").textContent();
  check(legendText.includes("predicted, never run") && legendText.includes("measured"), `the matrix has a legend of measured and predicted cells ("${legendText.slice(0, 80)}")`);
  const predictedCells = page.locator("#matrix td.cell.predicted");
  const predictedCount = await predictedCells.count();
  check(predictedCount > 0, `cells never run are predicted (${predictedCount})`);
  const resnetRow = page.locator("#matrix tbody tr", { has: page.locator("td", { hasText: /^resnet\/train$/ }) });
  const resnetPredicted = await resnetRow.locator("td.cell.predicted").count();
  check(resnetPredicted === 2, `resnet/train on cpu-x86 at batch sizes 8 and 32 is predicted (${resnetPredicted} cells)`);
  const guess = predictedCells.first();
  const guessTitle = await guess.getAttribute("title");
  const guessText = await guess.textContent();
  check(/^predicted, never run: .* 90% interval .* – /.test(guessTitle) && guessText.startsWith("predicted≈ "),
    `a predicted cell carries the mark, ≈ and its interval ("${guessText}", "${guessTitle}")`);
  check((await guess.locator("a").count()) === 0, "a predicted cell links to no measured history");
  const measuredCells = page.locator("#matrix td.cell:not(.empty):not(.predicted)");
  const measuredMarks = await measuredCells.evaluateAll((cells) => cells.filter((c) => c.querySelector(".mark") || /predicted|≈/.test(c.textContent + (c.title || ""))).length);
  check((await measuredCells.count()) === filled - predictedCount && measuredMarks === 0,
    `measured cells carry no prediction mark (${measuredMarks} of ${await measuredCells.count()})`);
  const measuredStyle = await measuredCells.first().evaluate((c) => getComputedStyle(c).fontStyle + " " + getComputedStyle(c).outlineStyle);
  const predictedStyle = await guess.evaluate((c) => getComputedStyle(c).fontStyle + " " + getComputedStyle(c).outlineStyle);
  check(measuredStyle !== predictedStyle, `predicted cells look different (${predictedStyle} vs ${measuredStyle})`);
  await shot("matrix-predicted");
  await page.uncheck("#matrix-predicted");
  check((await page.locator("#matrix td.cell.predicted").count()) === 0, "the switch hides the predicted cells");
  check((await page.locator("#matrix td.cell:not(.empty)").count()) === filled - predictedCount, "hiding predictions leaves every measured cell");

  // Parameter charts take a log x axis where the parameter spans decades.
  for (const [name, log] of [["sweep/wide", "true"], ["sweep/narrow", "false"]]) {
    const id = await page.evaluate((n) => PW.site.benchmarks.find((b) => b.name === n && b.params.batch_size === "1").id, name);
    await open(`benchmark.html?b=${id}`);
    const axis = await page.locator("#param-charts .param-chart[data-param='batch_size'] [data-log-x]").first().getAttribute("data-log-x");
    check(axis === log, `${name}: the batch_size axis is ${log === "true" ? "logarithmic" : "linear"} (data-log-x=${axis})`);
  }

  // Compare, reports, a report, alerts.
  await open("compare.html");
  await shot("compare");
  check((await page.locator("#comparison tbody tr").count()) > 0, "the comparison of main and feature/fast-path has rows");
  check((await page.locator("#comparison .delta-better").count()) > 0, "the faster branch shows improvements");
  // Two reports: one commit's hyperfine results on the two testbeds.
  const [cpuReport, gpuReport] = await page.evaluate(() => {
    // The sweeps' report (commit cdcd...) ran on the CPU alone.
    const on = (name) => PW.site.reports.findLastIndex((r) => PW.lookups.testbeds.get(r.testbed).name === name && r.adapter === "hyperfine" && PW.lookups.branches.get(r.branch).name === "main" && !r.commit.startsWith("cdcd"));
    return [on("cpu-x86"), on("gpu-a100")];
  });
  await open(`compare.html?a=${cpuReport}&b=${gpuReport}`);
  const crossRows = await page.locator("#comparison tbody tr").count();
  const crossText = await page.locator("#comparison tbody").textContent();
  check(crossRows === 6 && crossText.includes("cpu-x86 → gpu-a100"), `comparing two reports lists what both hold (${crossRows} rows)`);
  check(!(await page.locator("#compare-base").isVisible()), "the branch choices hide while two reports are compared");
  await shot("compare-reports");
  await open("reports.html");
  check((await page.locator("#reports tbody tr").count()) === 122, "the reports page lists every report");
  await open("report.html?r=0");
  await shot("report");
  check((await page.locator("#report-metrics tbody tr").count()) > 0, "a report page lists its metrics");
  check((await page.locator("#report-context").textContent()).includes("000003e8"), "a report page shows its commit");
  const withResources = await page.evaluate(() => {
    const main = PW.site.branches.find((b) => b.name === "main").id;
    const gpu = PW.site.testbeds.find((t) => t.name === "gpu-a100").id;
    return PW.site.reports.findLastIndex((r) => r.branch === main && r.testbed === gpu && r.adapter === "hyperfine");
  });
  await open(`report.html?r=${withResources}`);
  await page.waitForSelector(".chart-box .uplot canvas", { timeout: 5000 }).catch(() => {});
  check((await page.locator(".chart-box .uplot canvas").count()) >= 1, "a report page charts the resource use sampled while it ran");
  await shot("report-resources");
  await open("alerts.html");
  await shot("alerts");
  check((await page.locator("#alerts tbody tr").count()) >= 1, "the alerts page lists the regression's alert");

  // Dark mode: the switch changes the colours and charts are drawn again.
  await open(`benchmark.html?b=${bert32}`);
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click("#theme-toggle");
  await page.waitForSelector(".chart-box .uplot canvas");
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(light !== dark, `the theme switch changes the background (${light} -> ${dark})`);
  await shot("benchmark-dark");
  await open("index.html");
  await shot("index-dark");

  check(errors.length === 0, "no console errors, page errors or network requests" + (errors.length ? ":\n  " + errors.join("\n  ") : ""));
} catch (error) {
  fail(error);
} finally {
  await browser.close();
}
finish("e2e");
