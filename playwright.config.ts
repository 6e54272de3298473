import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "./e2e",
  // A real SMTP server catches the app's mail (confirmation and erasure links) for the specs to read.
  globalSetup: "./e2e/mail-catcher.ts",
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
      SMTP_URL: `smtp://127.0.0.1:${port + 2000}`,
      ATTEST_MAIL_FROM: "Attest e2e <attest@e2e.test>",
      ATTEST_PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
  },
});
