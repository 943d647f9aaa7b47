// Starts Debian's chromium headless through playwright-core (which brings no browser of its
// own). Returns null, with the reason on stderr, when no chromium can start on this machine.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const candidates = [process.env.PERFWATCH_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);

export async function launchChromium() {
  const executablePath = candidates.find((path) => existsSync(path));
  if (!executablePath) {
    console.error("chromium: not installed (scripts/setup installs Debian's chromium)");
    return null;
  }
  try {
    return await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--allow-file-access-from-files"] });
  } catch (error) {
    console.error("chromium: cannot start " + executablePath + ": " + error.message.split("\n")[0]);
    return null;
  }
}
