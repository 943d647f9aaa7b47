// End-to-end test of the site's A/B pages: `perfwatch ab` stores two sessions (a loop twice as
// long: DIFFERENT and worse; the same loop twice: not DIFFERENT), `perfwatch report --out` writes
// the site, and Debian's chromium (headless, through playwright-core) follows the A/B link from
// the index to each session's page and reads its verdict table. Screenshots in WORK/screenshots.
//   node_modules/.bin/node tests/report/ab_page_e2e.mjs PERFWATCH WORK
// Exit codes: 0 passed, 1 failed, 77 chromium cannot start here (CTest SKIP_RETURN_CODE).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startE2e } from "./e2e_harness.mjs";

const { perfwatch, work, shots, browser, check, fail, finish } = await startE2e(
  "node tests/report/ab_page_e2e.mjs PERFWATCH WORK");

const loop = (count) => `i=0; while [ $i -lt ${count} ]; do i=$((i+1)); done`;

try {
  const data = join(work, "data");
  mkdirSync(data, { recursive: true });
  const db = join(data, "perfwatch.duckdb");
  const ab = (base, candidate) => JSON.parse(execFileSync(perfwatch, ["--db", db, "ab",
    "--base-command", loop(base), "--candidate-command", loop(candidate), "--name", "loop",
    "--time", "cpu", "--max-runs", "200", "--project", "demo", "--quiet", "--format", "json"],
  { cwd: data, encoding: "utf8" }));
  const slower = ab(1000, 2000);
  const same = ab(1500, 1500);
  const siteDir = join(work, "site");
  execFileSync(perfwatch, ["--db", db, "report", "--out", siteDir, "--title", "ab demo"]);

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on("requestfailed", (request) => errors.push(`${page.url()}: cannot load ${request.url()}`));
  await context.route((url) => !url.href.startsWith("file:"), (route) => {
    errors.push("network request to " + route.request().url());
    return route.abort();
  });

  await page.goto(pathToFileURL(join(siteDir, "index.html")).href);
  await page.waitForSelector("body[data-rendered='true']", { timeout: 15000 });
  await page.click("header nav a[data-nav='ab']");
  await page.waitForSelector("#ab-sessions");
  await page.screenshot({ path: join(shots, "ab-list.png"), fullPage: true });
  const listed = await page.locator("#ab-sessions tbody tr").allInnerTexts();
  check(listed.length === 2, `the A/B page lists both sessions (${listed.length})`);
  check(listed.every((row) => row.includes("demo")), "each session names its project");

  // Newest first: the session of identical sides, then the slower candidate.
  for (const [session, expectDifferent] of [[same, false], [slower, true]]) {
    await page.goto(pathToFileURL(join(siteDir, "ab.html")).href);
    await page.click(`#ab-sessions a[href='ab-${session.session}.html']`);
    await page.waitForSelector("#ab-verdicts");
    await page.screenshot({ path: join(shots, `ab-${expectDifferent ? "slower" : "same"}.png`), fullPage: true });
    const cells = await page.locator("#ab-verdicts tbody tr td").allInnerTexts();
    const series = session.series[0];
    const percent = (ratio) => (ratio >= 1 ? "+" : "") + ((ratio - 1) * 100).toFixed(2) + "%";
    check(cells[0] === "loop", `the row names the benchmark (${cells[0]})`);
    check(cells[8].startsWith(series.verdict), `the verdict is the one ab printed (${cells[8]} / ${series.verdict})`);
    check((series.verdict === "DIFFERENT") === expectDifferent, `ab's verdict is as expected (${series.verdict})`);
    check(cells[4] === `[${percent(series.ratio_lower)}, ${percent(series.ratio_upper)}]`,
      `the interval is shown (${cells[4]})`);
    check(await page.locator("#ab-verdicts svg.ab-interval").count() === 1, "the interval is drawn");
    const status = await page.locator("#ab-verdicts .status").getAttribute("class");
    check(status.includes(expectDifferent ? "status-red" : series.verdict === "SAME" ? "status-green" : "status-unknown"),
      `the verdict is coloured (${status})`);
    check((await page.locator("main").innerText()).includes(session.session), "the page names its session");
  }
  check(errors.length === 0, "no page error or failed load" + (errors.length ? ": " + errors.join("; ") : ""));
} catch (error) {
  fail(error);
}
await browser.close();
finish("ab_page_e2e");
