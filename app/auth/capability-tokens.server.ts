import { createHash, randomBytes } from "node:crypto";

/**
 * The tokens of links that act for whoever holds them (email links, share links). A token carries `bytes` random
 * bytes (256 bits by default), so a fast hash is enough: only `sha256(token)` is stored, and a leaked database
 * opens no link.
 */
export function newCapabilityToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
