import { existsSync, readFileSync } from "node:fs";
import type { CandidateDocument, SearchEngine } from "#search/engine";
import { SearchUnavailableError } from "#search/unavailable";

/**
 * A fault drill for the search engine: `ATTEST_SEARCH_FAULT_FILE=/path` makes the engine fail while that file
 * exists, as a search server that is down would. The file's content says what fails: `fail-writes` (or an empty
 * file) fails upsert, remove and clear; `fail-all` fails searches and reads too; `fail-tasks` (Meilisearch) sends
 * every upsert with document ids Meilisearch refuses, so the server itself accepts the request and then fails the
 * write task, as it would on a full disk or an internal error (on the embedded engine, which has no tasks, it
 * fails writes as `fail-writes` does). Creating and deleting the file
 * turns the fault on and off without a restart. Used by `npm run stress -- faults`; ignored unless the variable
 * is set (createSearchEngine does not wrap the engine then).
 */
export function withFaultInjection(engine: SearchEngine, faultFile: string): SearchEngine {
  const mode = (): "fail-writes" | "fail-all" | "fail-tasks" | null => {
    if (!existsSync(faultFile)) return null;
    try {
      const content = readFileSync(faultFile, "utf8").trim();
      if (content === "fail-tasks") return engine.name === "meilisearch" ? "fail-tasks" : "fail-writes";
      return content === "fail-all" ? "fail-all" : "fail-writes";
    } catch {
      return null; // deleted between the two calls: the fault just ended
    }
  };
  const fail = (operation: string) => {
    throw new SearchUnavailableError(`search engine unavailable (fault injected by ${faultFile}) during ${operation}`);
  };
  const write =
    <A extends unknown[], R>(operation: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (mode() !== null) fail(operation);
      return call(...args);
    };
  const read =
    <A extends unknown[], R>(operation: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (mode() === "fail-all") fail(operation);
      return call(...args);
    };
  return {
    name: engine.name,
    prepare: () => engine.prepare(),
    close: () => engine.close(),
    upsert: async (documents) => {
      const now = mode();
      if (now === "fail-tasks") return engine.upsert(documents.map(refusedByMeilisearch));
      if (now !== null) fail("upsert");
      return engine.upsert(documents);
    },
    remove: write("remove", (ids) => engine.remove(ids)),
    clear: write("clear", () => engine.clear()),
    search: read("search", (query) => engine.search(query)),
    suggestSkills: read("suggestSkills", (prefix, limit) => engine.suggestSkills(prefix, limit)),
    listDocuments: read("listDocuments", (page) => engine.listDocuments(page)),
    getDocuments: read("getDocuments", (ids) => engine.getDocuments(ids)),
  };
}

/** A document id Meilisearch refuses (only letters, digits, - and _ are allowed): its task fails, as a whole. */
function refusedByMeilisearch(document: CandidateDocument): CandidateDocument {
  return { ...document, id: `${document.id} (fault injected)` };
}
