/**
 * `npm run bench -- <name> [options]`: runs one benchmark. Each benchmark is a module with a `run(args)` export;
 * add yours to the table below.
 */
const benchmarks: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  search: () => import("./search"),
  verify: () => import("./verify"),
  findable: () => import("./findable"),
  "search-page": () => import("./search-page"),
  dashboard: () => import("./dashboard"),
  "candidate-page": () => import("./candidate-page"),
  "meili-writes": () => import("./meili-writes"),
  "saved-searches": () => import("./saved-searches"),
};

export {};

const [name, ...args] = process.argv.slice(2);
const load = name === undefined ? undefined : benchmarks[name];
if (load === undefined) {
  console.error(`usage: npm run bench -- <${Object.keys(benchmarks).join("|")}> [options]`);
  process.exit(2);
}
await (await load()).run(args);
