/**
 * db/ is the ground floor (house style; issue 11, "Shape"): app/ and search/ depend on it, never the reverse. A
 * type or rule that db needs from above is defined here (db/schema/stored-report.ts) or passed in as an argument
 * (applyAliases, normalizeSkillText). This test reads every source file under db/ and fails on an import that
 * reaches above it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const THIS_FILE = new URL(import.meta.url).pathname;
const DB = path.dirname(THIS_FILE);

/** The module specifiers of a source file, in order: static imports and re-exports, dynamic import(), require(). */
function importSpecifiers(source: string): string[] {
  const found: Array<{ at: number; specifier: string }> = [];
  const patterns = [
    /\b(?:import|export)\s[^"';]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns)
    for (const match of source.matchAll(pattern)) found.push({ at: match.index, specifier: match[1] });
  return found.sort((a, b) => a.at - b.at).map((f) => f.specifier);
}

/** Why a specifier in `file` reaches above db/, or null when it stays in db/ or is a package. */
function reachesAbove(file: string, specifier: string, dbRoot = DB): string | null {
  if (/^#(app|search)\//.test(specifier)) return `${specifier} (an alias into ${specifier.slice(1).split("/")[0]}/)`;
  if (specifier.startsWith(".")) {
    const target = path.resolve(path.dirname(file), specifier);
    if (target !== dbRoot && !target.startsWith(dbRoot + path.sep)) return `${specifier} (outside db/)`;
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "migrations" || entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

it("no file under db/ imports from app/ or search/", () => {
  // This file's own examples below are strings, not imports.
  const files = sourceFiles(DB).filter((file) => file !== THIS_FILE);
  expect(files.length).toBeGreaterThan(20);
  const offences = files.flatMap((file) =>
    importSpecifiers(readFileSync(file, "utf8")).flatMap((specifier) => {
      const why = reachesAbove(file, specifier);
      return why ? [`${path.relative(DB, file)}: ${why}`] : [];
    }),
  );
  expect(offences).toEqual([]);
});

it("the scan sees every way of reaching above db/", () => {
  const file = path.join(DB, "queries", "example.server.ts");
  const source = [
    `import type { VerificationReport } from "../../app/verification/report";`,
    `import { applyAliases } from "#app/skills/aliases";`,
    `export { x } from "#search/engine";`,
    `const later = await import("../../app/demo/seed.server");`,
    `import { candidates } from "../schema/index";`,
    `import { eq } from "drizzle-orm";`,
  ].join("\n");
  const why = importSpecifiers(source).map((s) => reachesAbove(file, s));
  expect(why.filter(Boolean)).toHaveLength(4);
  expect(why.slice(4)).toEqual([null, null]);
});
