import { defineConfig, devices } from "@playwright/test";
import { resolveChromium } from "./e2e/chromium.js";

const port = Number(process.env.E2E_PORT ?? 3100);
// CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the one packaged in node_modules (e2e/chromium.js).
const chromium = await resolveChromium();

export default defineConfig({
  testDir: "./e2e",
  testMatch: "*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? "list" : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium.executablePath,
      args: chromium.args,
      ...(chromium.env ? { env: { ...process.env, ...chromium.env } } : {}),
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // A fresh embedded database each run: the app seeds its demo data on first start, exactly as for a newcomer.
  webServer: {
    command: "rm -rf .data/e2e && npm run build && npx tsx app/server/main.ts",
    url: `http://127.0.0.1:${port}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      ATTEST_DATA_DIR: ".data/e2e",
      DATABASE_URL: "",
      MEILI_HOST: "",
      // The tests' stand-in wallet serves share links on loopback (e2e/fixtures.ts SHARE_HOST_PORT).
      ATTEST_FETCH_ALLOW_HOSTS: "127.0.0.1:3199",
    },
  },
});
