import { json } from "@remix-run/node";

export const MAX_API_BODY_BYTES = 1_000_000;

/**
 * Reads a JSON request body of at most `maxBytes`, streaming so that an oversized body is cut off rather than
 * buffered. Throws 413 or 400 JSON responses with a sentence; never returns partial data.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_API_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) throw badRequest("The request has no body; send a JSON object.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw badRequest(`The body is not valid JSON (${(error as Error).message.slice(0, 120)}).`);
  }
}

export function badRequest(message: string) {
  return json({ error: "bad-request", message }, { status: 400 });
}

function tooLarge(maxBytes: number) {
  return json(
    { error: "too-large", message: `The body is larger than ${maxBytes / 1_000_000} MB, the most this API accepts.` },
    { status: 413 },
  );
}
