/**
 * Runs before the end-to-end tests' server starts: with E2E_DATABASE_URL set, the run's PostgreSQL database
 * (DATABASE_URL, named after the port) is dropped and created again; with E2E_MEILI_HOST set, the run's Meilisearch
 * indexes (MEILI_INDEX) are deleted. So every run starts from nothing. The embedded defaults seed their demo data at
 * the first start on a brand-new folder (playwright.config.ts removes .data/e2e); PostgreSQL gets it only when asked
 * (docs/decisions/013), so here it is asked for with `attest demo seed`, as an operator would.
 */
import { execFileSync } from "node:child_process";
import postgres from "postgres";
import { Meilisearch } from "meilisearch";
import { dropDatabaseForce } from "../db/test-databases";

const adminUrl = process.env.E2E_DATABASE_URL?.trim();
const runUrl = process.env.DATABASE_URL?.trim();
if (adminUrl && runUrl) {
  const name = new URL(runUrl).pathname.slice(1);
  if (!/^attest_e2e_\d+$/.test(name))
    throw new Error(`Refusing to drop ${name}: only attest_e2e_<port> databases are the tests' own.`);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await dropDatabaseForce(admin, name);
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

const meiliHost = process.env.MEILI_HOST?.trim();
const index = process.env.MEILI_INDEX?.trim();
if (meiliHost && index) {
  const client = new Meilisearch({ host: meiliHost, apiKey: process.env.MEILI_API_KEY || undefined });
  for (const name of [index, `${index}_skills`]) {
    const task = await client.deleteIndex(name).waitTask({ timeout: 30_000 });
    if (task.status !== "succeeded" && task.error?.code !== "index_not_found") {
      throw new Error(`Could not delete the Meilisearch index ${name}: ${task.error?.message ?? task.status}`);
    }
  }
}

if (adminUrl && runUrl)
  execFileSync("npx", ["tsx", "app/cli/attest.ts", "demo", "seed"], { stdio: "inherit", env: process.env });
