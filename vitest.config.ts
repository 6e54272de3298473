import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const here = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: path.join(here, "app/$1") },
      { find: /^#db\/(.*)$/, replacement: path.join(here, "db/$1") },
      { find: /^#search\/(.*)$/, replacement: path.join(here, "search/$1") },
    ],
  },
  test: {
    include: ["app/**/*.test.ts", "db/**/*.test.ts", "search/**/*.test.ts", "e2e/**/*.test.ts"],
    globals: true,
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default in a run is one fork fewer than the cores: a single fork on a 2-core machine, where most
    // files spend their time waiting on PostgreSQL, Meilisearch, child processes and timers. Two at least.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
