import { defineConfig, devices } from "@playwright/test";
import { resolveChromium } from "./e2e/chromium.js";

const port = Number(process.env.E2E_PORT ?? 3100);
// The app under test runs on the embedded defaults (PGlite, embedded search) unless E2E_DATABASE_URL names a
// PostgreSQL server (a database attest_e2e_<port> is made afresh there) and/or E2E_MEILI_HOST a Meilisearch (an index
// attest_e2e_<port> is emptied): e2e/fresh-services.ts.
const postgresUrl = process.env.E2E_DATABASE_URL?.trim();
const runDatabaseUrl = postgresUrl
  ? Object.assign(new URL(postgresUrl), { pathname: `/attest_e2e_${port}` }).toString()
  : "";
const meiliHost = process.env.E2E_MEILI_HOST?.trim() ?? "";
// CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the one packaged in node_modules (e2e/chromium.js).
const chromium = await resolveChromium();
/** While this file exists the app's search engine fails (its content says how): see search/fault-injection.server.ts. */
const SEARCH_FAULT_FILE = ".data/e2e-search-fault";

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
      executablePath: chromium.executablePath,
      args: chromium.args,
      ...(chromium.env ? { env: { ...process.env, ...chromium.env } } : {}),
    },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: "log-hygiene.spec.ts" },
    // After every journey: their server log is scanned for what they typed (e2e/log-hygiene.spec.ts).
    { name: "log-hygiene", testMatch: "log-hygiene.spec.ts", dependencies: ["chromium"] },
  ],
  // A fresh database and index each run: the app seeds its demo data on first start, exactly as for a newcomer.
  webServer: {
    command:
      "rm -rf .data/e2e .data/e2e-traffic.jsonl .data/e2e-search-fault && mkdir -p .data && npm run build && npx tsx e2e/fresh-services.ts && npx tsx app/server/main.ts 2>&1 | tee .data/e2e-server.log",
    url: `http://127.0.0.1:${port}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      ATTEST_DATA_DIR: ".data/e2e",
      DATABASE_URL: runDatabaseUrl,
      E2E_DATABASE_URL: postgresUrl ?? "",
      MEILI_HOST: meiliHost,
      MEILI_API_KEY: process.env.E2E_MEILI_API_KEY ?? "",
      MEILI_INDEX: `attest_e2e_${port}`,
      // The tests' stand-in wallet serves share links on loopback (e2e/fixtures.ts SHARE_HOST_PORT).
      ATTEST_FETCH_ALLOW_HOSTS: "127.0.0.1:3199",
      SMTP_URL: `smtp://127.0.0.1:${port + 2000}`,
      ATTEST_MAIL_FROM: "Attest e2e <attest@e2e.test>",
      ATTEST_PUBLIC_URL: `http://127.0.0.1:${port}`,
      // e2e/when-things-fail.spec.ts takes the search engine down by writing "fail-all" here (search/fault-injection).
      ATTEST_SEARCH_FAULT_FILE: SEARCH_FAULT_FILE,
    },
  },
});
