import { json, type ActionFunctionArgs } from "@remix-run/node";
import { requireApiKey } from "#app/auth/api-keys.server";
import type { VerifyDocument } from "#app/verification/verifier.server";
import { isCompactJws } from "#app/verification/checks/jwt.server";
import { withSkills } from "#app/skills/report-skills";
import { badRequest, readJsonBody } from "./read-json.server";
import { toVcApiResult, vcApiStatus, type VcApiVerificationResult } from "./vc-api";

type Kind = "credential" | "presentation";

const field: Record<Kind, string> = { credential: "verifiableCredential", presentation: "verifiablePresentation" };

/**
 * A VC-API verify request: `{ verifiableCredential | verifiablePresentation, options? }`. The presentation's
 * `options.challenge` and `options.domain` are checked against the holder's proof. Throws 400 for a body that
 * is not such a request; anything it carries is verified and reported, never thrown.
 */
export async function verifyApiRequest(
  verify: VerifyDocument,
  body: unknown,
  kind: Kind,
): Promise<VcApiVerificationResult> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest(`Send a JSON object with "${field[kind]}".`);
  }
  const request = body as Record<string, unknown>;
  const document = request[field[kind]];
  if (document === undefined) throw badRequest(`The body has no "${field[kind]}".`);
  // Data Integrity: a secured document is a JSON object; JSON text inside a string is a parsing error, not
  // something to parse again. A compact JWT (VC-JOSE) is the one document that is a string.
  if (typeof document === "string" && !isCompactJws(document.trim())) {
    throw badRequest(`"${field[kind]}" must be a JSON object (or a compact JWT), not a string.`);
  }
  const options = (typeof request.options === "object" && request.options !== null ? request.options : {}) as Record<
    string,
    unknown
  >;
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const report = await verify(document, {
    input: `api:${kind}`,
    challenge: text(options.challenge),
    domain: text(options.domain),
  });
  // The answer carries Attest's whole report, with the skills a submission would record.
  return toVcApiResult(withSkills(report));
}

/** The whole of `POST /api/credentials/verify` and `POST /api/presentations/verify`. */
export async function verifyAction({ request, context }: ActionFunctionArgs, kind: Kind) {
  const { services } = context;
  await requireApiKey(request, services.db, services.now(), "verify");
  const result = await verifyApiRequest(services.verify, await readJsonBody(request), kind);
  return json(result, { status: vcApiStatus(result) });
}

export function methodNotAllowed() {
  return json({ error: "method-not-allowed", message: "Use POST." }, { status: 405, headers: { Allow: "POST" } });
}
