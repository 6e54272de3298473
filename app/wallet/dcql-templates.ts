/**
 * The DCQL queries (OpenID4VP 1.0, section 6) Attest asks wallets with, made from a few templates staff pick from.
 * Pure: the same template always gives the same query, so tests and the staff page agree on what was asked.
 *
 * W3C credentials are asked for in both of their OpenID4VP formats (`ldp_vc`: a presentation with a Data Integrity
 * proof; `jwt_vc_json`: a presentation JWT) as alternatives, so a wallet answers with whichever it holds. DCQL
 * matches W3C types as fully expanded IRIs, so short type names are expanded through {@link KNOWN_TYPE_IRIS}.
 */
import { z } from "zod";

export const TEMPLATE_KINDS = ["any-open-badge", "type-from-issuer", "sd-jwt-vct"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const TEMPLATE_WORDS: Record<TemplateKind, string> = {
  "any-open-badge": "Any Open Badge",
  "type-from-issuer": "A credential of a given type from a given issuer",
  "sd-jwt-vct": "An SD-JWT VC of a given type (vct)",
};

const VC_VOCAB = "https://www.w3.org/2018/credentials#";
const OB_VOCAB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";
const CLR_VOCAB = "https://purl.imsglobal.org/spec/vc/clr/vocab.html#";

/**
 * Short type names in the vocabularies Attest bundles, and the IRIs their contexts expand them to (the VC v1 and
 * v2 contexts both map VerifiableCredential into the 2018 vocabulary; Open Badges maps AchievementCredential onto
 * OpenBadgeCredential).
 */
export const KNOWN_TYPE_IRIS: Record<string, string> = {
  VerifiableCredential: `${VC_VOCAB}VerifiableCredential`,
  OpenBadgeCredential: `${OB_VOCAB}OpenBadgeCredential`,
  AchievementCredential: `${OB_VOCAB}OpenBadgeCredential`,
  EndorsementCredential: `${OB_VOCAB}EndorsementCredential`,
  ClrCredential: `${CLR_VOCAB}ClrCredential`,
};

/** A credential's `type` values as DCQL compares them: each short name known to Attest also as its IRI. */
export function expandedTypes(types: readonly string[]): string[] {
  return [
    ...new Set(types.flatMap((type) => (KNOWN_TYPE_IRIS[type] ? [type, KNOWN_TYPE_IRIS[type] as string] : [type]))),
  ];
}

const isAbsoluteIri = (value: string) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);

export type TemplateInput =
  | { kind: "any-open-badge" }
  | { kind: "type-from-issuer"; type: string; issuer: string }
  | { kind: "sd-jwt-vct"; vct: string };

/** The staff form's fields, checked: a sentence per field that is wrong. */
export const templateInputSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("any-open-badge") }),
  z.object({
    kind: z.literal("type-from-issuer"),
    type: z
      .string()
      .trim()
      .min(1, "Enter the credential type.")
      .max(300, "Keep the type under 300 characters.")
      .refine((type) => Boolean(KNOWN_TYPE_IRIS[type]) || isAbsoluteIri(type), {
        message: `Give the type as a full IRI, or one of ${Object.keys(KNOWN_TYPE_IRIS).join(", ")}.`,
      }),
    issuer: z
      .string()
      .trim()
      .min(1, "Enter the issuer's identifier (a DID or URL).")
      .max(500, "Keep the issuer under 500 characters.")
      .refine(isAbsoluteIri, { message: "The issuer is a DID or a URL, such as did:web:college.example." }),
  }),
  z.object({
    kind: z.literal("sd-jwt-vct"),
    vct: z.string().trim().min(1, "Enter the credential type (vct).").max(500, "Keep the vct under 500 characters."),
  }),
]);

/** Words for staff and for the candidate's wallet: what was asked for. */
export function describeTemplate(input: TemplateInput): string {
  switch (input.kind) {
    case "any-open-badge":
      return "Any Open Badge";
    case "type-from-issuer":
      return `A ${input.type} from ${input.issuer}`;
    case "sd-jwt-vct":
      return `An SD-JWT VC of type ${input.vct}`;
  }
}

/** The DCQL query a template asks. */
export function dcqlQueryFor(input: TemplateInput): DcqlQueryJson {
  switch (input.kind) {
    case "any-open-badge":
      return w3cAlternatives("open_badge", [[KNOWN_TYPE_IRIS.OpenBadgeCredential as string]], undefined, true);
    case "type-from-issuer": {
      const iri = KNOWN_TYPE_IRIS[input.type] ?? input.type;
      // The issuer is either an object with an id (Open Badges, most of VC 2.0) or a plain string.
      const claims = [
        { id: "issuer_id", path: ["issuer", "id"], values: [input.issuer] },
        { id: "issuer", path: ["issuer"], values: [input.issuer] },
      ];
      return w3cAlternatives("credential", [[iri]], claims, false);
    }
    case "sd-jwt-vct":
      return {
        credentials: [
          {
            id: "sd_jwt_vc",
            format: "dc+sd-jwt",
            meta: { vct_values: [input.vct] },
            require_cryptographic_holder_binding: true,
          },
        ],
      };
  }
}

export interface DcqlQueryJson {
  credentials: Array<Record<string, unknown> & { id: string; format: string }>;
  credential_sets?: Array<{ options: string[][]; required?: boolean }>;
}

function w3cAlternatives(
  id: string,
  typeValues: string[][],
  claims: Array<{ id: string; path: string[]; values: string[] }> | undefined,
  multiple: boolean,
): DcqlQueryJson {
  const query = (format: "ldp_vc" | "jwt_vc_json") => ({
    id: `${id}_${format}`,
    format,
    meta: { type_values: typeValues },
    require_cryptographic_holder_binding: true,
    ...(multiple ? { multiple: true } : {}),
    ...(claims ? { claims, claim_sets: claims.map((claim) => [claim.id]) } : {}),
  });
  return {
    credentials: [query("ldp_vc"), query("jwt_vc_json")],
    credential_sets: [{ options: [[`${id}_ldp_vc`], [`${id}_jwt_vc_json`]] }],
  };
}
