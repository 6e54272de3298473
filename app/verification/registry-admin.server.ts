/**
 * Changing the trust registry: add, remove, import a Digital Credentials Consortium file. The staff page and the
 * CLI both come here, so a change always takes effect the same way: in one transaction, the registry row, the
 * issuer check and display name of every stored credential from the affected issuers (re-evaluated against the
 * new registry, nothing else re-verified), an outbox row per affected candidate, and an audit entry.
 */
import { z } from "zod";
import type { Database } from "#db/client.server";
import { enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import {
  deleteTrustedIssuer,
  getTrustedIssuers,
  listCredentialsNamingIssuers,
  listTrustedIssuers,
  listTrustedIssuersWithMatches,
  putTrustedIssuers,
  updateCredentialIssuerViews,
  type TrustedIssuerInput,
} from "#db/queries/trusted-issuers.server";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";
import { checkIssuer, ISSUER_CHECK_CODES, type TrustRegistry } from "./checks/issuer";
import { envelopedJws, isCompactJws, parseVcJwt } from "./checks/jwt.server";
import { isOb2Assertion } from "./checks/ob2-hosted.server";
import { asArray, asStrings, isObject, textOf } from "./checks/util";
import type { CredentialSummary, VerificationReport } from "./report";
import { summarizeCredential } from "./summary";
import { createTrustRegistry, parseDccRegistry } from "./trust-registry";

export interface RegistryAdminDeps {
  db: Database;
  now: () => Date;
  /** Called once a change has committed, so a process that caches the registry drops its copy. */
  onChanged?: () => void;
}

/** The actor for changes made with `npm run attest -- registry …`. */
export const CLI_ACTOR: AuditActor = { id: null, label: "cli", from: null };

/** A DID (`did:method:id`, no path, query or fragment) or an https URL without user name or password. */
export function isIssuerId(value: string): boolean {
  if (value.startsWith("did:")) return /^did:[a-z0-9]+:(?:[A-Za-z0-9._%-]*:)*[A-Za-z0-9._%-]+$/.test(value);
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && !url.username && !url.password;
  } catch {
    return false;
  }
}

const isWebUrl = (value: string) => {
  try {
    return ["https:", "http:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

export const trustedIssuerSchema = z.object({
  issuerId: z
    .string({ required_error: "Enter the issuer's DID or https URL." })
    .trim()
    .min(1, "Enter the issuer's DID or https URL.")
    .refine(isIssuerId, "The issuer must be a DID (did:method:…) or an https:// URL, exactly as credentials name it."),
  name: z
    .string({ required_error: "Enter the name to show for this issuer." })
    .trim()
    .min(1, "Enter the name to show for this issuer.")
    .max(200, "Keep the display name under 200 characters."),
  homepage: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || isWebUrl(v), "The homepage must be a full web address, starting with https://."),
});
export type TrustedIssuerForm = z.infer<typeof trustedIssuerSchema>;

/** What the registry page shows: every entry with how many stored credentials it matches. */
export async function getRegistryAdmin(db: Database) {
  const entries = await listTrustedIssuersWithMatches(db);
  return entries.map((e) => ({
    issuerId: e.issuerId,
    name: e.name,
    homepage: e.url,
    registry: e.registry,
    addedAt: e.addedAt.toISOString(),
    matches: e.matches,
  }));
}

export interface Reevaluated {
  /** Stored credentials whose report (issuer check or display name) changed. */
  credentials: number;
  /** Candidates queued for re-indexing. */
  candidates: number;
}

/** Adds an issuer typed in by an admin, or updates the entry it already has. */
export async function addTrustedIssuer(
  deps: RegistryAdminDeps,
  actor: AuditActor,
  form: TrustedIssuerForm,
): Promise<{ change: "added" | "updated"; reevaluated: Reevaluated }> {
  const result = await deps.db.transaction(async (tx) => {
    const [before] = await getTrustedIssuers(tx, [form.issuerId]);
    const entry: TrustedIssuerInput = {
      issuerId: form.issuerId,
      name: form.name,
      url: form.homepage,
      registry: "manual",
    };
    await putTrustedIssuers(tx, [entry], deps.now());
    const reevaluated = await reevaluateIssuerChecks(tx, [form.issuerId]);
    const change = before ? ("updated" as const) : ("added" as const);
    await recordAudit(
      tx,
      actor,
      "registry.add",
      { type: "trusted-issuer", id: form.issuerId },
      {
        change,
        name: form.name,
        homepage: form.homepage ?? null,
        ...(before ? { previous: { name: before.name, homepage: before.url, registry: before.registry } } : {}),
        credentials: reevaluated.credentials,
      },
    );
    return { change, reevaluated };
  });
  deps.onChanged?.();
  return result;
}

/** Removes an issuer; `null` when it was not on the registry (nothing changed, nothing audited). */
export async function removeTrustedIssuer(
  deps: RegistryAdminDeps,
  actor: AuditActor,
  issuerId: string,
): Promise<{ name: string; reevaluated: Reevaluated } | null> {
  const result = await deps.db.transaction(async (tx) => {
    const removed = await deleteTrustedIssuer(tx, issuerId);
    if (!removed) return null;
    const reevaluated = await reevaluateIssuerChecks(tx, [issuerId]);
    await recordAudit(
      tx,
      actor,
      "registry.remove",
      { type: "trusted-issuer", id: issuerId },
      {
        name: removed.name,
        homepage: removed.url,
        registry: removed.registry,
        credentials: reevaluated.credentials,
      },
    );
    return { name: removed.name, reevaluated };
  });
  if (result) deps.onChanged?.();
  return result;
}

export type SkipReason = "not-an-object" | "no-name" | "bad-id";

export type ImportResult =
  | { status: "refused"; message: string }
  | {
      status: "imported";
      registry: string;
      added: string[];
      updated: string[];
      unchanged: string[];
      skipped: { issuerId: string; reason: SkipReason }[];
      reevaluated: Reevaluated;
    };

/** Files larger than this are refused: real registries are a few kilobytes per hundred issuers. */
export const MAX_REGISTRY_BYTES = 2_000_000;

/**
 * Imports a DCC registry file (`{"registry": {"<did>": {"name", "url", "location"}}}`, parsed by
 * {@link parseDccRegistry}). Entries are added, or replace an entry with the same issuer id (whatever registry it
 * came from); entries without a name or whose id is neither a DID nor an https URL are skipped, with the reason.
 */
export async function importRegistryFile(
  deps: RegistryAdminDeps,
  actor: AuditActor,
  file: { text: string; fileName: string; registryName?: string },
): Promise<ImportResult> {
  if (file.text.length > MAX_REGISTRY_BYTES) {
    return {
      status: "refused",
      message: `The file is larger than ${MAX_REGISTRY_BYTES / 1_000_000} MB; a registry file is much smaller.`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch {
    return { status: "refused", message: `${file.fileName} is not JSON, so it cannot be a registry file.` };
  }
  if (!isObject(json) || !isObject(json.registry)) {
    return {
      status: "refused",
      message: `${file.fileName} is not a Digital Credentials Consortium registry: it has no "registry" object of issuers.`,
    };
  }
  const registry = file.registryName?.trim() || file.fileName.replace(/\.json$/i, "") || "imported";
  const parsed = new Map(parseDccRegistry(json, registry).map((e) => [e.issuerId, e]));
  const skipped: { issuerId: string; reason: SkipReason }[] = [];
  const entries: TrustedIssuerInput[] = [];
  for (const [issuerId, value] of Object.entries(json.registry)) {
    const entry = parsed.get(issuerId);
    if (!entry) skipped.push({ issuerId, reason: isObject(value) ? "no-name" : "not-an-object" });
    else if (!isIssuerId(issuerId)) skipped.push({ issuerId, reason: "bad-id" });
    else entries.push(entry);
  }

  const result = await deps.db.transaction(async (tx) => {
    const existing = new Map(
      (
        await getTrustedIssuers(
          tx,
          entries.map((e) => e.issuerId),
        )
      ).map((e) => [e.issuerId, e]),
    );
    const added: string[] = [];
    const updated: string[] = [];
    const unchanged: string[] = [];
    for (const entry of entries) {
      const before = existing.get(entry.issuerId);
      if (!before) added.push(entry.issuerId);
      else if (
        before.name === entry.name &&
        before.url === (entry.url ?? null) &&
        before.location === (entry.location ?? null) &&
        before.registry === entry.registry
      ) {
        unchanged.push(entry.issuerId);
      } else updated.push(entry.issuerId);
    }
    const changed = entries.filter((e) => !unchanged.includes(e.issuerId));
    await putTrustedIssuers(tx, changed, deps.now());
    const reevaluated = await reevaluateIssuerChecks(
      tx,
      changed.map((e) => e.issuerId),
    );
    await recordAudit(
      tx,
      actor,
      "registry.import",
      { type: "trusted-issuer" },
      {
        registry,
        file: file.fileName,
        added,
        updated,
        unchanged: unchanged.length,
        skipped,
        credentials: reevaluated.credentials,
      },
    );
    return { status: "imported" as const, registry, added, updated, unchanged, skipped, reevaluated };
  });
  if (result.added.length || result.updated.length) deps.onChanged?.();
  return result;
}

const SKIP_WORDS: Record<SkipReason, { one: string; many: string }> = {
  "not-an-object": { one: "has an entry that is not an object", many: "have entries that are not objects" },
  "no-name": { one: "has no name", many: "have no name" },
  "bad-id": { one: "is neither a DID nor an https URL", many: "are neither DIDs nor https URLs" },
};

/** "12 added, 3 updated, 1 skipped because did:web:x.example has no name, from the dcc registry." */
export function describeImport(result: Extract<ImportResult, { status: "imported" }>): string {
  const parts = [`${result.added.length} added`, `${result.updated.length} updated`];
  if (result.unchanged.length) parts.push(`${result.unchanged.length} already up to date`);
  const { skipped } = result;
  if (skipped.length === 1) {
    parts.push(`1 skipped because ${skipped[0].issuerId} ${SKIP_WORDS[skipped[0].reason].one}`);
  } else if (skipped.length > 1 && skipped.length <= 3) {
    parts.push(
      `${skipped.length} skipped because ${skipped.map((s) => `${s.issuerId} ${SKIP_WORDS[s.reason].one}`).join(" and ")}`,
    );
  } else if (skipped.length > 3) {
    const reasons = [...new Set(skipped.map((s) => s.reason))];
    const counted = reasons.map((r) => {
      const n = skipped.filter((s) => s.reason === r).length;
      return `${n} ${n === 1 ? SKIP_WORDS[r].one : SKIP_WORDS[r].many}`;
    });
    parts.push(`${skipped.length} skipped because ${counted.join(" and ")}`);
  }
  return `${parts.join(", ")}, from the ${result.registry} registry.${describeReevaluated(result.reevaluated)}`;
}

/** " 4 stored credentials now show the change." or "" */
export function describeReevaluated(reevaluated: Reevaluated): string {
  const n = reevaluated.credentials;
  return n === 0
    ? ""
    : n === 1
      ? " 1 stored credential now shows the change."
      : ` ${n} stored credentials now show the change.`;
}

const PAGE = 200;

/**
 * Re-evaluates the issuer check (and the registry-given display name) of every stored credential, or CLR member,
 * issued by one of `issuerIds`, against the registry as this transaction sees it; writes the reports that changed
 * and queues their candidates for re-indexing. Signatures, dates and status are not looked at again: only what
 * depends on the registry changes, and the verdict never does (issuer trust is reported beside it).
 */
export async function reevaluateIssuerChecks(tx: Database, issuerIds: string[]): Promise<Reevaluated> {
  if (issuerIds.length === 0) return { credentials: 0, candidates: 0 };
  const registry = await loadTrustRegistry(tx);
  const affected = new Set(issuerIds);
  const candidates = new Set<string>();
  let credentials = 0;
  let after = "";
  for (;;) {
    const rows = await listCredentialsNamingIssuers(tx, issuerIds, after, PAGE);
    const updates: { id: string; report: VerificationReport; issuerName: string | null }[] = [];
    for (const row of rows) {
      const report = reevaluateIssuer(row.report, parseStored(row.rawText), registry, affected);
      if (JSON.stringify(report) === JSON.stringify(row.report)) continue;
      updates.push({ id: row.id, report, issuerName: report.summary?.issuerName ?? null });
      candidates.add(row.candidateId);
    }
    await updateCredentialIssuerViews(tx, updates);
    credentials += updates.length;
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id;
  }
  await enqueueCandidateIndexing(tx, [...candidates]);
  return { credentials, candidates: candidates.size };
}

async function loadTrustRegistry(db: Database): Promise<TrustRegistry> {
  const rows = await listTrustedIssuers(db);
  return createTrustRegistry(
    rows.map((r) => ({ issuerId: r.issuerId, name: r.name, registry: r.registry, ...(r.url ? { url: r.url } : {}) })),
  );
}

/**
 * A stored report with the issuer check of every credential from `issuerIds` (members of a CLR included) taken
 * again against `registry`. `document` is the stored credential (its raw text parsed): the only place the
 * credential's own name for its issuer survives once a registry name has replaced it in the summary.
 */
export function reevaluateIssuer(
  report: VerificationReport,
  document: unknown,
  registry: TrustRegistry,
  issuerIds: ReadonlySet<string>,
): VerificationReport {
  const members = report.credentials.length ? membersOf(document) : [];
  const credentials = report.credentials.map((member, i) => reevaluateIssuer(member, members[i], registry, issuerIds));
  const issuerId = report.summary?.issuerId;
  const index = report.checks.findIndex(
    (c) => c.id === "issuer" && (ISSUER_CHECK_CODES as readonly string[]).includes(c.code),
  );
  if (!issuerId || !issuerIds.has(issuerId) || index < 0 || !report.summary) return { ...report, credentials };
  const checks = report.checks.map((check, i) => (i === index ? checkIssuer(issuerId, registry) : check));
  return { ...report, credentials, checks, summary: displayName(report.summary, registry, document) };
}

/** The registry's name for a listed issuer; otherwise the credential's own (as verification would give it). */
function displayName(summary: CredentialSummary, registry: TrustRegistry, document: unknown): CredentialSummary {
  const entry = summary.issuerId ? registry.lookup(summary.issuerId) : null;
  if (entry) return { ...summary, issuerName: entry.name, issuerNameSource: "registry" };
  if (summary.issuerNameSource !== "registry") return summary;
  const { issuerName: _registryName, issuerNameSource: _source, ...rest } = summary;
  const own = ownIssuerName(document);
  // An Open Badges 2.0 issuer's name lives in its hosted Profile, which is not stored: it comes back with the
  // next re-check, and the issuer id is shown until then.
  return own ? { ...rest, issuerName: own, issuerNameSource: "credential" } : rest;
}

function parseStored(rawText: string): unknown {
  const text = rawText.trim();
  if (!text.startsWith("{")) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The credential inside a JWT or an enveloped credential, or the document itself. */
function unwrap(document: unknown): unknown {
  if (typeof document === "string") {
    const text = document.trim();
    if (isCompactJws(text)) {
      const parsed = parseVcJwt(text);
      return parsed.ok ? parsed.parsed.credential : undefined;
    }
    return text.startsWith("{") ? unwrap(parseStored(text)) : undefined;
  }
  const jws = envelopedJws(document);
  return jws === null ? document : unwrap(jws);
}

/** The member credentials of a CLR or presentation, in the order their nested reports were made. */
function membersOf(document: unknown): unknown[] {
  const doc = unwrap(document);
  if (!isObject(doc)) return [];
  if (asStrings(doc.type).includes("VerifiablePresentation")) return asArray(doc.verifiableCredential);
  return asArray(doc.credentialSubject)
    .filter(isObject)
    .flatMap((subject) => asArray(subject.verifiableCredential));
}

function ownIssuerName(document: unknown): string | undefined {
  const doc = unwrap(document);
  if (!isObject(doc)) return undefined;
  if (isOb2Assertion(doc)) {
    const issuer = isObject(doc.badge) ? doc.badge.issuer : undefined;
    return isObject(issuer) ? textOf(issuer.name) : undefined;
  }
  return summarizeCredential(doc).issuerName;
}
