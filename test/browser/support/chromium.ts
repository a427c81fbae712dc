/**
 * Finds and launches Debian's Chromium for the browser tests (never a downloaded browser).
 * Without Chromium the tests are skipped with a loud message, except in CI (CI=true), where
 * .ci/run installs it and a missing browser is a failure.
 */
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
  (candidate): candidate is string => Boolean(candidate),
);

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((candidate) => fs.existsSync(candidate));
}

/** True when the browser tests can run; throws in CI when they cannot. */
export function browserTestsEnabled(): boolean {
  if (chromiumPath()) return true;
  const message =
    "BROWSER TESTS SKIPPED: no Chromium found (looked for $CHROMIUM_PATH, /usr/bin/chromium). " +
    "Install it with `sudo apt-get install -y chromium` to run them; CI always does.";
  if (process.env.CI === "true") throw new Error(message.replace("SKIPPED", "CANNOT RUN IN CI"));
  console.warn(`\n${"!".repeat(100)}\n${message}\n${"!".repeat(100)}\n`);
  return false;
}

export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("Chromium not found");
  // Playwright gives every launch a fresh temporary profile (its own --user-data-dir).
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}
