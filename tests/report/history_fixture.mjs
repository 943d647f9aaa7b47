// Builds a perfwatch database with a history worth looking at, through the perfwatch binary as
// a user would: hyperfine and BMF files ingested report by report on two branches and two
// testbeds, benchmarks with a batch_size parameter, a step change, a regression and its alert.
// Every value comes from a seeded generator, so the same database is built each time.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const hex = (n) => n.toString(16).padStart(8, "0").repeat(5);

// The latency of a benchmark (seconds) on a testbed at commit `i` of `branch`.
function level(name, batch, testbed, branch, i) {
  let base = { "bert/infer": 0.004, "resnet/train": 0.05 }[name] * (1 + Math.log2(batch) / 2);
  if (testbed === "gpu-a100") base /= 4;
  if (name === "bert/infer" && batch === 32 && testbed === "gpu-a100" && i >= 16) base *= 1.3;  // a step
  if (branch !== "main") base *= 0.9;  // the feature branch is faster
  return base;
}

// With `server` (and its write `token`) the files are submitted to that results server instead,
// and what needs the DuckDB file (spreading the reports over weeks, resource samples, the
// check that raises the alert) is left out; returns null then.
export function buildHistory(perfwatch, dir, { mainCommits = 24, featureCommits = 6, server, token } = {}) {
  mkdirSync(dir, { recursive: true });
  const db = join(dir, "history.duckdb");
  const next = random(42);
  const run = (args) => execFileSync(perfwatch, ["--db", db, ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] }).toString();
  const ingest = (args) => run(server ? ["ingest", "--server", server, "--token", token, ...args] : ["ingest", ...args]);
  const plan = [];
  for (let i = 0; i < mainCommits; i++) plan.push({ branch: "main", i, commit: hex(1000 + i) });
  for (let i = 0; i < featureCommits; i++) plan.push({ branch: "feature/fast-path", i: mainCommits - featureCommits + i, commit: hex(5000 + i) });
  let file = 0;
  for (const { branch, i, commit } of plan) {
    for (const testbed of ["cpu-x86", "gpu-a100"]) {
      const results = [];
      for (const [name, batches] of [["bert/infer", [1, 8, 32]], ["resnet/train", [8, 32]]]) {
        if (name === "resnet/train" && testbed === "cpu-x86") continue;  // never run there: empty cells
        for (const batch of batches) {
          const mean = level(name, batch, testbed, branch, i);
          const times = Array.from({ length: 8 }, () => mean * (1 + (next() - 0.5) * 0.04));
          const avg = times.reduce((a, b) => a + b, 0) / times.length;
          results.push({ command: name, mean: avg, stddev: mean * 0.01, median: avg, user: avg * 0.9,
            system: avg * 0.05, min: Math.min(...times), max: Math.max(...times), times,
            parameters: { batch_size: String(batch) } });
        }
      }
      const hyperfine = join(dir, `h${file}.json`);
      writeFileSync(hyperfine, JSON.stringify({ results }));
      // A custom measure with bounds; the newest three main reports regress on the CPU testbed
      // (an established step, which check turns red; one report alone would be suspect).
      const regressed = branch === "main" && i >= mainCommits - 3 && testbed === "cpu-x86";
      const tokenize = (regressed ? 160 : 100) * (1 + (next() - 0.5) * 0.04);
      const bmf = join(dir, `b${file}.json`);
      writeFileSync(bmf, JSON.stringify({ tokenize: {
        latency: { value: tokenize, lower_value: tokenize * 0.95, upper_value: tokenize * 1.05 },
        throughput: { value: 1e9 / tokenize, lower_value: 0.95e9 / tokenize, upper_value: 1.05e9 / tokenize } } }));
      file++;
      ingest(["--project", "ml", "--branch", branch, "--testbed", testbed, "--commit", commit, hyperfine, bmf]);
    }
  }
  if (server) return null;
  // Spread the reports over weeks, as a real history is: six hours apart, in the order ingested.
  run(["sql", "--write", "UPDATE report SET started = TIMESTAMP '2026-01-01' + INTERVAL 6 HOUR * r.k, " +
    "ended = TIMESTAMP '2026-01-01' + INTERVAL 6 HOUR * r.k + INTERVAL 1 MINUTE " +
    "FROM (SELECT id, row_number() OVER (ORDER BY started, id) AS k FROM report) r WHERE report.id = r.id"]);
  // Resource use while the newest main report on the GPU ran, as the runner samples it: a
  // second of CPU, RSS and GPU readings every 50 ms.
  run(["sql", "--write", "INSERT INTO resource_sample SELECT r.id, b.id, t * 50.0, 50 + 40 * sin(t / 3.0), " +
    "(200 + 5 * t) * 1048576, 70 + 20 * cos(t / 4.0), 8 * 1073741824::BIGINT FROM " +
    "(SELECT report.id FROM report JOIN branch ON branch.id = report.branch JOIN testbed ON testbed.id = report.testbed " +
    "WHERE branch.name = 'main' AND testbed.name = 'gpu-a100' AND report.adapter = 'hyperfine' ORDER BY started DESC LIMIT 1) r, " +
    "(SELECT id FROM benchmark WHERE name = 'resnet/train' ORDER BY params LIMIT 1) b, range(0, 21) s(t)"]);
  for (const testbed of ["cpu-x86", "gpu-a100"]) {
    run(["check", "--branch", "main", "--testbed", testbed, "--fail-on", "never"]);
  }
  return db;
}
