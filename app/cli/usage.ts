import { parseArgs, type ParseArgsConfig } from "node:util";

/** Bad usage: the CLI prints the message and the usage text, and exits 2. */
export class UsageError extends Error {}

/** node:util parseArgs, with its errors turned into UsageErrors. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `"Name <email>"` → name and lower-cased email, or a UsageError naming the expected form. */
export function parseCandidateAddress(
  text: string | undefined,
  option = "--candidate",
): { name: string; email: string } {
  const match = /^\s*(.+?)\s*<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$/.exec(text ?? "");
  if (!match) throw new UsageError(`${option} "${text ?? ""}" must look like "Name <email>".`);
  return { name: match[1], email: match[2].toLowerCase() };
}
