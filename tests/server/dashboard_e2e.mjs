// End-to-end test of the results server's live dashboard: serves a database with two branches,
// two testbeds and a batch_size parameter (the report site's fixture), checks who may read it
// (a read token as the Basic-auth password, public read, no path out of the site), opens its
// pages in Debian's chromium through playwright-core, then submits a report through the API and
// checks that the open page offers the new results and shows them after a reload. Given the
// file holding a PostgreSQL server's URL (scripts/postgres), it does the same with the server
// storing into a fresh database there, the fixture's reports submitted through the API.
//   node_modules/.bin/node tests/server/dashboard_e2e.mjs PERFWATCH WORK [POSTGRES_URL_FILE]
// Exit codes: 0 passed, 1 failed, 77 chromium cannot start here (CTest SKIP_RETURN_CODE).
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { buildHistory } from "../report/history_fixture.mjs";
import { startE2e } from "../report/e2e_harness.mjs";

const { perfwatch, work, shots, browser, rest, check, fail, finish } = await startE2e(
  "node tests/server/dashboard_e2e.mjs PERFWATCH WORK [POSTGRES_URL_FILE]");
const [postgresUrlFile] = rest;

// Where the server keeps its data: the fixture's DuckDB file, or a fresh PostgreSQL database.
let store = [];
let postgres = null;
if (postgresUrlFile) {
  const admin = readFileSync(postgresUrlFile, "utf8").trim();
  const name = `dashboard_e2e_${process.pid}`;
  execFileSync("psql", [admin, "-q", "-c", `DROP DATABASE IF EXISTS ${name}`, "-c", `CREATE DATABASE ${name}`]);
  postgres = { admin, name, url: admin.replace(/\/[^/]*$/, "/" + name) };
  store = ["--postgres", postgres.url];
}

// Starts `perfwatch serve` and resolves with its base URL once it says where it listens.
function startServer(db) {
  const where = postgres ? [] : ["--db", db];
  const server = spawn(perfwatch, [...where, "serve", "--port", "0", "--dashboard-refresh", "0", ...store], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = new Promise((done, fail) => {
    createInterface({ input: server.stdout }).on("line", (line) => {
      const found = line.match(/dashboard on (http:\/\/[0-9.:]+)\//);
      if (found) done(found[1]);
    });
    server.once("exit", (code) => fail(new Error(`perfwatch serve ended with ${code}`)));
  });
  return { server, url };
}

function stopServer(server) {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    server.once("exit", done);
    server.kill("SIGTERM");
  });
}

// A GET with the path sent exactly as written (fetch would resolve "..").
function rawGet(base, path) {
  return new Promise((done, fail) => {
    const { hostname, port } = new URL(base);
    request({ hostname, port, path }, (response) => {
      response.resume();
      done(response.statusCode);
    }).on("error", fail).end();
  });
}

const basic = (token) => ({ Authorization: "Basic " + Buffer.from("reader:" + token).toString("base64") });

let server;
try {
  const db = join(work, "data", "history.duckdb");
  const on_store = (args) => (postgres ? [...args, ...store] : ["--db", db, ...args]);
  const token = (scope) =>
    execFileSync(perfwatch, on_store(["token", "add", "--project", "ml", "--scope", scope])).toString().split("\n")[0];
  // On DuckDB the server holds the file: what needs the file is done before it starts.
  let writer, reader;
  if (!postgres) {
    buildHistory(perfwatch, join(work, "data"));
    [writer, reader] = [token("write"), token("read")];
  }
  let started = startServer(db);
  server = started.server;
  let base = await started.url;
  if (postgres) {
    [writer, reader] = [token("write"), token("read")];
    buildHistory(perfwatch, join(work, "data"), { server: base, token: writer });
  }
  let index = `${base}/dashboard/ml/index.html`;

  // Who may read.
  const anonymous = await fetch(index);
  check(anonymous.status === 401 && /Basic/.test(anonymous.headers.get("www-authenticate") || ""),
    `a private project asks for a token (${anonymous.status})`);
  check((await fetch(index, { headers: basic("pw_not_a_token") })).status === 404, "a wrong token reads nothing");
  const served = await fetch(index, { headers: basic(reader) });
  const html = await served.text();
  check(served.status === 200 && html.includes('src="/dashboard/live.js"'), "a read token opens the served page, with its live script");
  check((await rawGet(base, "/dashboard/ml/../../etc/passwd")) === 404, "no path leads out of the site");
  check(!(await (await fetch(`${base}/dashboard/`)).text()).includes('href="ml/"'), "the project list hides a private project");
  // The server holds a DuckDB file: the project is opened to anyone while it is stopped.
  await stopServer(server);
  execFileSync(perfwatch, on_store(["token", "public", "--project", "ml"]));
  started = startServer(db);
  server = started.server;
  base = await started.url;
  index = `${base}/dashboard/ml/index.html`;
  check((await fetch(index)).status === 200, "public read opens the dashboard to anyone");
  check((await (await fetch(`${base}/dashboard/`)).text()).includes('href="ml/"'), "the project list shows a public project");

  // The same pages as the static site, drawn in a browser.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${page.url()}: ${response.status()} for ${response.url()}`);
  });
  const open = async (path) => {
    await page.goto(`${base}/dashboard/ml/${path}`);
    await page.waitForSelector("body[data-rendered='true']", { timeout: 15000 });
  };
  await open("index.html");
  const rows = await page.locator("#benchmarks tbody tr").count();
  check(rows === 40 && (await page.locator("#benchmarks canvas.spark").count()) === rows,
    `the served index lists every series with its sparkline (${rows} of 40)`);
  await page.screenshot({ path: join(shots, "dashboard-index.png"), fullPage: true });
  const benchmark = await page.evaluate(() => PW.site.benchmarks[0].id);
  await open(`benchmark.html?b=${benchmark}`);
  check((await page.locator(".chart-box .uplot canvas").count()) >= 1, "a served benchmark page draws its charts");
  await open("matrix.html");
  check((await page.locator("#matrix td.cell:not(.empty)").count()) > 0, "the served matrix has values");

  // Live: a report submitted while the page is open is offered, then shown.
  await open("index.html");
  const submitted = await fetch(`${base}/api/v1/reports`, {
    method: "POST",
    headers: { Authorization: `Bearer ${writer}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      context: { project: "ml", branch: "main", testbed: "cpu-x86", commit: "feedface" },
      content: JSON.stringify({ "live/arrived": { latency: { value: 1234 } } }),
    }),
  });
  check(submitted.status === 201, `the API stores a new report (${submitted.status})`);
  const offered = await page.waitForSelector("#live-update", { timeout: 20000 }).then(() => true, () => false);
  check(offered, "the open page offers the new results");
  await page.screenshot({ path: join(shots, "dashboard-live.png") });
  await page.reload();
  await page.waitForSelector("body[data-rendered='true']", { timeout: 15000 });
  const names = await page.locator("#benchmarks tbody tr").evaluateAll((all) => all.map((r) => r.dataset.benchmark));
  check(names.includes("live/arrived"), "after the reload the new benchmark is listed");

  check(errors.length === 0, "no console or page errors" + (errors.length ? ":\n  " + errors.join("\n  ") : ""));
} catch (error) {
  fail(error);
} finally {
  await browser.close();
  if (server) await stopServer(server);
  if (postgres) execFileSync("psql", [postgres.admin, "-q", "-c", `DROP DATABASE IF EXISTS ${postgres.name}`]);
}
finish("dashboard e2e");
