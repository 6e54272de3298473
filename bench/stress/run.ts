/**
 * `npm run stress -- <scenario> [options]`: runs one stress scenario (docs/reliability.md). Unlike the benchmarks,
 * a scenario checks an invariant: it prints one summary line of figures and exits 1 when the invariant is broken.
 * Every scenario has bounded counts and durations; `--quick` is the CI size.
 */
const scenarios: Record<string, () => Promise<{ run: (args: string[]) => Promise<number> }>> = {
  access: () => import("./access"),
  forgery: () => import("./forgery"),
  "hostile-urls": () => import("./hostile-urls"),
  malformed: () => import("./malformed"),
  faults: () => import("./faults"),
  load: () => import("./load"),
  cluster: () => import("./cluster"),
};

export {};

const [name, ...args] = process.argv.slice(2);
const load = name === undefined ? undefined : scenarios[name];
if (load === undefined) {
  console.error(`usage: npm run stress -- <${Object.keys(scenarios).join("|")}> [--quick] [options]`);
  process.exit(2);
}
process.exit(await (await load()).run(args));
