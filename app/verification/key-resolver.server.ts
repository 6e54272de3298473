/**
 * Keys that live on the web: did:web DID documents and HTTPS verification methods, fetched through an
 * injected function (the project's safe fetcher, or --pin answers in the CLI). The offline loader stays
 * the first resort; this layer only answers what it refused.
 *
 * Only key documents are fetched, never contexts: a context from the network could redefine what a signed
 * field means. So an HTTPS URL is fetched only when a proof names it as its verification method (or it is
 * the issuer, whose controller document lists the keys); did:web URLs are DID documents by definition.
 */
import { DocumentUnavailableError, findNodeById, type DocumentLoader } from "./document-loader.server";
import { asArray, isObject, type JsonObject } from "./checks/util";

/** Fetches a JSON document by URL; rejects when it cannot (unreachable, not found, not JSON). */
export type FetchDocument = (url: string) => Promise<unknown>;

/**
 * did:web:host[:path…] → https://host/path…/did.json, or https://host/.well-known/did.json without a path
 * (W3C did:web method). A port is percent-encoded in the host ("example.com%3A8443"). Null when malformed.
 */
export function didWebToUrl(didUrl: string): string | null {
  const did = didUrl.split("#")[0] as string;
  if (!did.startsWith("did:web:")) return null;
  const [host, ...path] = did.slice("did:web:".length).split(":");
  if (!host) return null;
  try {
    const origin = new URL(`https://${decodeURIComponent(host)}`);
    if (origin.pathname !== "/" || origin.username || origin.search) return null;
    const segments = path.map((p) => decodeURIComponent(p));
    if (segments.some((s) => s === "" || s.includes("/") || s === "..")) return null;
    return segments.length === 0
      ? `${origin.origin}/.well-known/did.json`
      : `${origin.origin}/${segments.join("/")}/did.json`;
  } catch {
    return null;
  }
}

function withoutFragment(url: string): string {
  const hash = url.indexOf("#");
  return hash < 0 ? url : url.slice(0, hash);
}

/** HTTPS URLs a document's proofs name as keys (and its issuer), the only HTTPS URLs we may fetch for it. */
export function keyUrlsOf(document: JsonObject): Set<string> {
  const urls = new Set<string>();
  for (const proof of asArray(document.proof).filter(isObject)) {
    const vm = isObject(proof.verificationMethod) ? proof.verificationMethod.id : proof.verificationMethod;
    if (typeof vm === "string" && vm.startsWith("https://")) urls.add(withoutFragment(vm));
  }
  const issuer = isObject(document.issuer) ? document.issuer.id : document.issuer;
  if (typeof issuer === "string" && issuer.startsWith("https://")) urls.add(withoutFragment(issuer));
  const holder = isObject(document.holder) ? document.holder.id : document.holder;
  if (typeof holder === "string" && holder.startsWith("https://")) urls.add(withoutFragment(holder));
  return urls;
}

async function fetchJson(fetchDocument: FetchDocument, url: string): Promise<unknown> {
  const fetched = await fetchDocument(url);
  return typeof fetched === "string" ? JSON.parse(fetched) : fetched;
}

/**
 * Wrap `base` so that did:web URLs, and the HTTPS key URLs in `allowed`, are fetched with `fetchDocument`
 * when `base` cannot answer them. A "URL#fragment" is answered from the fetched document's node with that id.
 * Failures surface as {@link DocumentUnavailableError} for the DID or key URL, which the proof check reports
 * as "key-unresolvable" (could not check), never as a bad signature.
 */
export function withKeyFetching(
  base: DocumentLoader,
  fetchDocument: FetchDocument | undefined,
  allowed: Set<string>,
): DocumentLoader {
  if (!fetchDocument) return base;
  const cache = new Map<string, Promise<unknown>>();
  const load = (documentUrl: string) => {
    let pending = cache.get(documentUrl);
    if (!pending) {
      pending = fetchJson(fetchDocument, documentUrl);
      cache.set(documentUrl, pending);
    }
    return pending;
  };
  return async function keyLoader(url) {
    try {
      return await base(url);
    } catch (error) {
      if (!(error instanceof DocumentUnavailableError)) throw error;
      const documentUrl = url.startsWith("did:web:")
        ? didWebToUrl(url)
        : allowed.has(withoutFragment(url))
          ? withoutFragment(url)
          : null;
      if (!documentUrl) throw error;
      let document: unknown;
      try {
        document = await load(documentUrl);
      } catch (cause) {
        throw new DocumentUnavailableError(url, cause);
      }
      if (!url.includes("#")) return { contextUrl: null, documentUrl: url, document };
      const node = findNodeById(document, url, url.slice(url.indexOf("#")));
      if (!node) throw new DocumentUnavailableError(url);
      // Returned without the parent's @context, as pinned keys are: key libraries supply their own default.
      return { contextUrl: null, documentUrl: url, document: { ...node, id: url } };
    }
  };
}
