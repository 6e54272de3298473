// Which Chromium the end-to-end tests drive. Playwright's own browser download is never used.
//
// 1. CHROMIUM_PATH, when set: the operator chose a binary, so a missing one is an error, never a silent fallback.
//    CHROMIUM_PATH=packaged picks the packaged one below even where Debian's is installed (to try the fallback).
// 2. Debian's /usr/bin/chromium (`apt-get install chromium`): the first choice whenever it is installed.
// 3. The Chromium inside the @sparticuz/chromium npm package (a devDependency), so that `npm ci && npm test` also
//    passes on a machine without Debian's: it is unpacked into the temporary directory once (a few seconds) and
//    run with the NSS and expat libraries it ships (its only needs beyond glibc), so nothing from apt is required.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** The flags every Chromium gets; without the background-networking ones it floods a closed network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Picks the source without touching the disk beyond `exists`.
 * @param {Readonly<Record<string, string | undefined>>} env
 * @param {{ exists?: (file: string) => boolean, debianPath?: string }} [options]
 * @returns {{ source: "CHROMIUM_PATH" | "debian", executablePath: string } | { source: "packaged" } | { source: "missing", reason: string }}
 */
export function chooseChromium(env, { exists = existsSync, debianPath = DEBIAN_CHROMIUM } = {}) {
  const chosen = env.CHROMIUM_PATH?.trim();
  if (chosen === "packaged") return { source: "packaged" };
  if (chosen) {
    if (exists(chosen)) return { source: "CHROMIUM_PATH", executablePath: chosen };
    return {
      source: "missing",
      reason:
        `CHROMIUM_PATH is set to ${chosen}, but no file is there. Point it at a Chromium binary, or unset it to use ` +
        `Debian's ${debianPath} or else the Chromium packaged in node_modules/@sparticuz/chromium.`,
    };
  }
  if (exists(debianPath)) return { source: "debian", executablePath: debianPath };
  return { source: "packaged" };
}

/**
 * The launch options for Playwright: unpacks the packaged Chromium when it is the one chosen.
 * @param {Readonly<Record<string, string | undefined>>} [env]
 * @param {{ exists?: (file: string) => boolean, debianPath?: string }} [options]
 * @returns {Promise<{ source: string, executablePath: string, args: string[], env?: Record<string, string> }>}
 */
export async function resolveChromium(env = process.env, options = {}) {
  const choice = chooseChromium(env, options);
  if (choice.source === "missing") throw new Error(choice.reason);
  if (choice.source !== "packaged") return { ...choice, args: CHROMIUM_ARGS };

  let packaged;
  try {
    packaged = await import("@sparticuz/chromium");
  } catch {
    throw new Error(
      `Chromium was not found at ${options.debianPath ?? DEBIAN_CHROMIUM} and the packaged one ` +
        `(@sparticuz/chromium, a devDependency) is not installed: run npm ci, or ` +
        `sudo apt-get install -y chromium (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  const chromium = packaged.default;
  const bin = path.join(path.dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "../bin");
  const [executablePath] = await Promise.all([
    chromium.executablePath(bin),
    packaged.inflate(path.join(bin, "al2023.tar.br")),
  ]);
  return {
    source: "packaged",
    executablePath,
    // The package's own build is headless-shell only; software GL stays off as for Debian's.
    args: CHROMIUM_ARGS,
    env: {
      LD_LIBRARY_PATH: path.join(tmpdir(), "al2023", "lib"),
      FONTCONFIG_PATH: path.join(tmpdir(), "fonts"),
    },
  };
}
