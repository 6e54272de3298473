import type { SearchEngine } from "#search/engine";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { createMeilisearchEngine } from "#search/meilisearch.server";
import { withFaultInjection } from "#search/fault-injection.server";

/**
 * Meilisearch when MEILI_HOST is set (MEILI_API_KEY optional, MEILI_INDEX optional, default "candidates"),
 * the embedded engine otherwise. The caller still calls prepare() before writing. ATTEST_SEARCH_FAULT_FILE (a fault
 * drill, see fault-injection.server.ts) makes the engine fail while that file exists.
 */
export function createSearchEngine(env: Readonly<Record<string, string | undefined>> = process.env): SearchEngine {
  const engine = createEngine(env);
  const faultFile = env.ATTEST_SEARCH_FAULT_FILE?.trim();
  return faultFile ? withFaultInjection(engine, faultFile) : engine;
}

function createEngine(env: Readonly<Record<string, string | undefined>>): SearchEngine {
  const host = env.MEILI_HOST?.trim();
  if (!host) return createEmbeddedEngine();
  return createMeilisearchEngine({
    host,
    apiKey: env.MEILI_API_KEY?.trim() || undefined,
    indexName: env.MEILI_INDEX?.trim() || undefined,
  });
}
