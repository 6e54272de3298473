/**
 * base58btc decoding, exactly as Ed25519Signature2020 does it (base58-universal, the library it imports; a
 * transitive dependency of every @digitalbazaar suite, so always installed alongside them).
 */
// @ts-expect-error base58-universal ships no types
import * as base58 from "base58-universal";

export const base58btc: { decode(input: string): Uint8Array } = base58 as { decode(input: string): Uint8Array };
