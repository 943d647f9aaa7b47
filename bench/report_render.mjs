// Times how long pages of a perfwatch site take to render in headless chromium: from navigation
// start to the moment the page's script marks it rendered (performance mark
// "perfwatch-rendered", set once its tables and charts are in the DOM), best and median of RUNS
// fresh loads each. Run by report_bench.
//   node bench/report_render.mjs SITE_DIR [RUNS]
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { launchChromium } from "../tests/report/chromium.mjs";

const [site, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const browser = await launchChromium();
if (!browser) process.exit(77);
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const errors = [];
page.on("pageerror", (error) => errors.push(error.message));

async function time(path) {
  const figures = [];
  for (let run = 0; run < runs; run++) {
    const [file, search] = path.split("?");
    await page.goto("about:blank");
    await page.goto(pathToFileURL(join(site, file)).href + (search ? "?" + search : ""));
    await page.waitForSelector("body[data-rendered='true']", { timeout: 60000 });
    figures.push(await page.evaluate(() => performance.getEntriesByName("perfwatch-rendered")[0].startTime));
  }
  figures.sort((a, b) => a - b);
  return { min: figures[0], median: figures[Math.floor(figures.length / 2)] };
}

const version = browser.version();
const benchmark = await (async () => {
  await page.goto(pathToFileURL(join(site, "index.html")).href);
  await page.waitForSelector("body[data-rendered='true']");
  return page.evaluate(() => PW.site.benchmarks[Math.floor(PW.site.benchmarks.length / 2)].id);
})();
for (const [name, path] of [["index", "index.html"], [`benchmark ${benchmark}`, `benchmark.html?b=${benchmark}`]]) {
  const figure = await time(path);
  console.log(`chromium ${version}: ${name} rendered in min ${figure.min.toFixed(0)} ms, median ${figure.median.toFixed(0)} ms`);
}
await browser.close();
if (errors.length) {
  console.log("page errors: " + errors.join("; "));
  process.exit(1);
}
