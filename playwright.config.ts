import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

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
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: "log-hygiene.spec.ts" },
    // After every journey: their server log is scanned for what they typed (e2e/log-hygiene.spec.ts).
    { name: "log-hygiene", testMatch: "log-hygiene.spec.ts", dependencies: ["chromium"] },
  ],
  // A fresh embedded database each run: the app seeds its demo data on first start, exactly as for a newcomer.
  webServer: {
    command:
      "rm -rf .data/e2e .data/e2e-traffic.jsonl && mkdir -p .data && npm run build && npx tsx app/server/main.ts 2>&1 | tee .data/e2e-server.log",
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
