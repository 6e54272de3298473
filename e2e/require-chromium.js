// Runs before the browser tests: without Chromium they must fail loudly, never skip.
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `Chromium was not found at ${chromium}. The end-to-end tests need it:\n` +
      `  sudo apt-get install -y chromium   (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium binary.\n` +
      `Playwright's own browser download is not used.`,
  );
  process.exit(1);
}
