import { parseArgs, type ParseArgsConfig } from "node:util";

/** node:util parseArgs with `--quick` always accepted; a bad option prints the usage and exits 2. */
export function parseScenarioArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
  usage: string,
) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { ...options, quick: { type: "boolean", default: false } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}

/** A whole number option, or the default; exits 2 on anything else. */
export function countOption(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number.`);
    process.exit(2);
  }
  return n;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
