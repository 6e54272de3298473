// Runs before the browser tests: without a Chromium they must fail loudly, never skip. Unpacks the packaged
// Chromium here, once, when neither CHROMIUM_PATH nor Debian's is there (e2e/chromium.js says which is chosen).
import { resolveChromium } from "./chromium.js";

try {
  const chromium = await resolveChromium();
  console.log(`end-to-end tests use Chromium from ${chromium.source}: ${chromium.executablePath}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
