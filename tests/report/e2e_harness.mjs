// What the end-to-end tests share: their PERFWATCH and WORK arguments, a clean WORK folder with
// a screenshots folder, Debian's chromium (exit 77 when it cannot start here, CTest's
// SKIP_RETURN_CODE), and "ok"/"FAIL" lines counted into the exit code.
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { launchChromium } from "./chromium.mjs";

export async function startE2e(usage) {
  const [perfwatchArg, workArg, ...rest] = process.argv.slice(2);
  if (!perfwatchArg || !workArg) {
    console.error("usage: " + usage);
    process.exit(2);
  }
  const work = resolve(workArg);
  rmSync(work, { recursive: true, force: true });
  const shots = join(work, "screenshots");
  mkdirSync(shots, { recursive: true });
  const browser = await launchChromium();
  if (!browser) process.exit(77);
  let failures = 0;
  return {
    perfwatch: resolve(perfwatchArg),
    work,
    shots,
    browser,
    rest,  // the test's own further arguments
    check(condition, message) {
      console.log((condition ? "ok   " : "FAIL ") + message);
      if (!condition) failures++;
    },
    fail(error) {
      failures++;
      console.log("FAIL " + (error.stack || error));
    },
    // Prints the verdict and exits with it.
    finish(name) {
      console.log(failures === 0 ? `${name}: passed` : `${name}: ${failures} failed`);
      process.exit(failures === 0 ? 0 : 1);
    },
  };
}
