/**
 * `npm run meili [-- --port N] [--data-dir DIR] [--max-indexing-memory SIZE]`: installs (on first use), checks and
 * starts a local Meilisearch for development and tests, with its data and a generated master key under
 * .data/meili. Prints the two variables to give Attest on stdout (`MEILI_HOST=…`, `MEILI_API_KEY=…`), everything
 * else on stderr, and runs until Ctrl-C.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_MAX_INDEXING_MEMORY, startLocalMeilisearch } from "./local-server.server";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const log = (line: string) => process.stderr.write(`meili: ${line}\n`);

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: "string", default: "7700" },
      "data-dir": { type: "string", default: path.join(root, ".data/meili") },
      "max-indexing-memory": { type: "string", default: DEFAULT_MAX_INDEXING_MEMORY },
    },
  }));
} catch (error) {
  log(
    `${error instanceof Error ? error.message : String(error)}. Usage: npm run meili -- [--port N] [--data-dir DIR] [--max-indexing-memory SIZE]`,
  );
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  log(`--port must be a port number (1–65535), not ${values.port}.`);
  process.exit(2);
}

try {
  const server = await startLocalMeilisearch({
    dataDir: values["data-dir"],
    port,
    maxIndexingMemory: values["max-indexing-memory"],
    log,
  });
  process.stdout.write(`MEILI_HOST=${server.host}\nMEILI_API_KEY=${server.apiKey}\n`);
  log(
    `Meilisearch is running (data in ${path.resolve(values["data-dir"])}); give Attest the two variables above. Ctrl-C stops it.`,
  );
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  server.process.once("exit", (code, signal) => {
    log(`Meilisearch exited (${code ?? signal}).`);
    process.exit(code ?? 1);
  });
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
