/**
 * The HTTP edge of the wallet-facing endpoints: bodies read as capped streams (the endpoints are public, so every
 * body is a stranger's), refusals as OpenID4VP error JSON with a sentence, and the services a wallet request needs.
 */
import { json } from "@remix-run/node";
import type { Services } from "#app/services.server";
import { loadVerifierIdentity } from "./verifier-identity.server";
import type { WalletDeps, WalletRefusal } from "./openid4vp.server";

export function walletDeps(services: Services): WalletDeps {
  return {
    ...services,
    onCommitted: services.indexer.nudge,
    identity: () => loadVerifierIdentity(services.db, services.publicUrl, services.now()),
  };
}

export function refusalResponse(refusal: WalletRefusal): Response {
  // Wallets must not cache a refusal, nor an answer that names a request.
  return json(refusal.body, { status: refusal.status, headers: { "Cache-Control": "no-store" } });
}

/**
 * A form-encoded body of at most `maxBytes`, read as a stream and cut off past the cap; a body of another type,
 * too large, or not UTF-8 is refused with a sentence.
 */
export async function readFormBody(request: Request, maxBytes: number): Promise<URLSearchParams | WalletRefusal> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    return {
      status: 400,
      body: {
        error: "invalid_request",
        error_description: "Send the body as application/x-www-form-urlencoded, as OpenID4VP requires.",
      },
    };
  }
  const tooLarge: WalletRefusal = {
    status: 413,
    body: {
      error: "invalid_request",
      error_description: `The body is larger than ${Math.round(maxBytes / 1024)} KB, the most this endpoint accepts.`,
    },
  };
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return tooLarge;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return tooLarge;
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return { status: 400, body: { error: "invalid_request", error_description: "The body is not UTF-8 text." } };
  }
  return new URLSearchParams(text);
}

/** Form fields as one value each: a field sent twice is refused, since which one counts would be a guess. */
export function singleValuedFields(
  form: URLSearchParams,
): { ok: true; fields: Record<string, string> } | { ok: false; refusal: WalletRefusal } {
  const fields: Record<string, string> = {};
  for (const [key, value] of form) {
    if (Object.hasOwn(fields, key))
      return {
        ok: false,
        refusal: {
          status: 400,
          body: {
            error: "invalid_request",
            error_description: `The field ${JSON.stringify(key.slice(0, 40))} was sent twice.`,
          },
        },
      };
    fields[key] = value;
  }
  return { ok: true, fields };
}
