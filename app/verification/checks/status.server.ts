/**
 * Revocation and suspension through status lists (BitstringStatusListEntry, StatusList2021Entry, and
 * 1EdTechRevocationList).
 * The list is fetched through an injected function and its own proof is verified before any bit is read:
 * an unsigned or forged list says nothing. "Could not check" is reported as indeterminate, never as fine.
 */
import { gunzipSync } from "node:zlib";
import type { CheckResult } from "../report";
import { checkValidity } from "./validity";
import { asArray, asStrings, idOf, isObject, type JsonObject } from "./util";

export type FetchStatusList = (url: string) => Promise<unknown>;

export interface StatusCheckContext {
  fetchStatusList?: FetchStatusList;
  /** Verifies the status list credential's own proof; resolves true only when every proof is valid. */
  verifyListProof: (list: JsonObject) => Promise<boolean>;
  now: Date;
  /** The credential's id, looked up in id-based lists (1EdTechRevocationList). Set by checkStatus. */
  credentialId?: string;
}

const LIST_ENTRY_TYPES = new Map([
  ["BitstringStatusListEntry", { credentialType: "BitstringStatusListCredential", multibase: true }],
  ["StatusList2021Entry", { credentialType: "StatusList2021Credential", multibase: false }],
]);

type EntryOutcome =
  | { kind: "clear"; purpose: string }
  | { kind: "set"; purpose: string }
  | { kind: "skipped" }
  | { kind: "indeterminate"; code: string; message: string };

function indeterminate(code: string, message: string): EntryOutcome {
  return { kind: "indeterminate", code, message };
}

/**
 * The most a decoded list may hold: 16 MiB, 134 million entries (lists have 131,072, 16 KiB). A 1 MB download
 * can inflate a thousandfold, so without a cap one signed "list" of zeros costs a gigabyte of memory.
 */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

/** Decode `encodedList`: optional multibase "u" prefix, base64url, then GZIP (at most MAX_STATUS_LIST_BYTES). */
export function decodeStatusList(encodedList: string, multibase: boolean): Uint8Array {
  const base64url = multibase && encodedList.startsWith("u") ? encodedList.slice(1) : encodedList;
  return new Uint8Array(gunzipSync(Buffer.from(base64url, "base64url"), { maxOutputLength: MAX_STATUS_LIST_BYTES }));
}

/** Decoded lists by their encoded text: a list shared by many credentials is unzipped once (read-only use). */
const decodedLists = new Map<string, Uint8Array>();
let decodedBytes = 0;
function decodedList(encodedList: string, multibase: boolean): Uint8Array {
  const key = `${multibase ? "m" : "b"}${encodedList}`;
  const known = decodedLists.get(key);
  if (known) return known;
  const bits = decodeStatusList(encodedList, multibase);
  // Bounded in bytes too: 64 lists at the cap would hold a gigabyte.
  if (decodedLists.size >= 64 || decodedBytes + bits.length > 4 * MAX_STATUS_LIST_BYTES) {
    decodedLists.clear();
    decodedBytes = 0;
  }
  decodedLists.set(key, bits);
  decodedBytes += bits.length;
  return bits;
}

/** Read bit `index`, most significant bit of each byte first (as both specs define it). */
export function readStatusBit(bits: Uint8Array, index: number): boolean | null {
  const byte = bits[Math.floor(index / 8)];
  if (byte === undefined) return null;
  return (byte & (0x80 >> (index % 8))) !== 0;
}

const UNREACHABLE =
  "The issuer's revocation list could not be retrieved, so it is unknown whether the credential was revoked.";

/** Ids in a 1EdTech revocation list: a plain JSON array of ids (or of {id}), or an object listing them. */
function revokedIdsOf(list: unknown): string[] | null {
  const ids = (items: unknown[]) => items.map((item) => idOf(item)).filter((id): id is string => id !== undefined);
  if (Array.isArray(list)) return ids(list);
  if (!isObject(list)) return null;
  const key = ["revokedCredentials", "revokedCredential", "revoked"].find((k) => k in list);
  return key ? ids(asArray(list[key])) : null;
}

/**
 * 1EdTechRevocationList (Open Badges 3.0 / CLR 2.0): the entry's `id` is the URL of a JSON list of revoked
 * credential ids. The list is unsigned, so it is only as trustworthy as the HTTPS origin that serves it;
 * it can only say "revoked", never "suspended".
 */
async function checkRevocationListEntry(entry: JsonObject, context: StatusCheckContext): Promise<EntryOutcome> {
  const listUrl = idOf(entry);
  if (!listUrl || !context.credentialId) {
    return indeterminate(
      "status-entry-invalid",
      "The credential's status entry is incomplete, so its revocation status could not be checked.",
    );
  }
  if (!context.fetchStatusList) return indeterminate("status-unreachable", UNREACHABLE);
  let list: unknown;
  try {
    list = await context.fetchStatusList(listUrl);
    if (typeof list === "string") list = JSON.parse(list);
  } catch {
    return indeterminate("status-unreachable", UNREACHABLE);
  }
  const ids = revokedIdsOf(list);
  if (!ids)
    return indeterminate(
      "status-list-invalid",
      "The issuer's revocation list is not a list of revoked credentials, so it is unknown whether the credential was revoked.",
    );
  return ids.includes(context.credentialId)
    ? { kind: "set", purpose: "revocation" }
    : { kind: "clear", purpose: "revocation" };
}

async function checkEntry(entry: JsonObject, context: StatusCheckContext): Promise<EntryOutcome> {
  if (asStrings(entry.type).includes("1EdTechRevocationList")) return checkRevocationListEntry(entry, context);
  const type = asStrings(entry.type).find((t) => LIST_ENTRY_TYPES.has(t));
  const spec = type ? LIST_ENTRY_TYPES.get(type) : undefined;
  if (!spec) {
    const shown = asStrings(entry.type).join(", ") || "unknown";
    return indeterminate(
      "unsupported-status-type",
      `The credential uses a status method Attest cannot check yet (${shown}).`,
    );
  }
  const purpose = typeof entry.statusPurpose === "string" ? entry.statusPurpose : "revocation";
  if (purpose !== "revocation" && purpose !== "suspension") return { kind: "skipped" };

  const listUrl = typeof entry.statusListCredential === "string" ? entry.statusListCredential : undefined;
  const index = Number.parseInt(String(entry.statusListIndex ?? ""), 10);
  if (!listUrl || !Number.isInteger(index) || index < 0) {
    return indeterminate(
      "status-entry-invalid",
      "The credential's status entry is incomplete, so its revocation status could not be checked.",
    );
  }
  if (!context.fetchStatusList) {
    return indeterminate(
      "status-unreachable",
      "The issuer's revocation list could not be retrieved, so it is unknown whether the credential was revoked.",
    );
  }

  let list: unknown;
  try {
    list = await context.fetchStatusList(listUrl);
    if (typeof list === "string") list = JSON.parse(list);
  } catch {
    return indeterminate(
      "status-unreachable",
      "The issuer's revocation list could not be retrieved, so it is unknown whether the credential was revoked.",
    );
  }
  if (!isObject(list) || !asStrings(list.type).includes(spec.credentialType)) {
    return indeterminate(
      "status-list-invalid",
      "The issuer's revocation list is not a valid status list, so it is unknown whether the credential was revoked.",
    );
  }
  if (!(await context.verifyListProof(list))) {
    return indeterminate(
      "status-list-unverified",
      "The issuer's revocation list does not carry a valid signature, so it cannot be relied on.",
    );
  }
  if (checkValidity(list, context.now).outcome !== "pass") {
    return indeterminate(
      "status-list-expired",
      "The issuer's revocation list is out of date, so it is unknown whether the credential was revoked.",
    );
  }
  const subject = asArray(list.credentialSubject).find(isObject);
  const listPurposes = subject ? asStrings(subject.statusPurpose) : [];
  if (
    !subject ||
    typeof subject.encodedList !== "string" ||
    (listPurposes.length > 0 && !listPurposes.includes(purpose))
  ) {
    return indeterminate(
      "status-list-invalid",
      "The issuer's revocation list does not match the credential's status entry.",
    );
  }

  let bits: Uint8Array;
  try {
    bits = decodedList(subject.encodedList, spec.multibase);
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      return indeterminate(
        "status-list-invalid",
        "The issuer's revocation list is larger than 16 MB once decompressed, far larger than any real list, so Attest did not read it.",
      );
    }
    return indeterminate("status-list-invalid", "The issuer's revocation list could not be decoded.");
  }
  const bit = readStatusBit(bits, index);
  if (bit === null) {
    return indeterminate("status-list-invalid", "The credential's position is outside the issuer's revocation list.");
  }
  return bit ? { kind: "set", purpose } : { kind: "clear", purpose };
}

/** The entry as a reviewer would look it up by hand: method, list URL, index and purpose, and what the list said. */
function entryEvidence(entry: JsonObject, outcome: EntryOutcome, n: string): Record<string, string> {
  const types = asStrings(entry.type);
  const idBased = types.includes("1EdTechRevocationList");
  const evidence: Record<string, string> = { [`Status method${n}`]: types.join(", ") || "unknown" };
  const listUrl = idBased
    ? idOf(entry)
    : typeof entry.statusListCredential === "string"
      ? entry.statusListCredential
      : undefined;
  if (listUrl) evidence[`Status list${n}`] = listUrl;
  if (!idBased && entry.statusListIndex !== undefined) evidence[`Index${n}`] = String(entry.statusListIndex);
  evidence[`Purpose${n}`] = idBased
    ? "revocation"
    : typeof entry.statusPurpose === "string"
      ? entry.statusPurpose
      : "revocation";
  const found: Record<EntryOutcome["kind"], string> = {
    set: idBased ? "listed as revoked" : "bit set (1)",
    clear: idBased ? "not listed" : "bit clear (0)",
    skipped: "not checked (a purpose Attest does not act on)",
    indeterminate: "could not be read",
  };
  evidence[`Found${n}`] = found[outcome.kind];
  return evidence;
}

/**
 * Status check for a credential whose proof already passed (the caller guarantees it: a forged credential
 * must never make us fetch a URL it chose). The status list's issuer must be the credential's issuer.
 */
export async function checkStatus(credential: JsonObject, context: StatusCheckContext): Promise<CheckResult> {
  const entries = asArray(credential.credentialStatus).filter(isObject);
  if (entries.length === 0) {
    return {
      id: "status",
      outcome: "not-applicable",
      code: "no-status",
      message: "The issuer publishes no revocation status for this credential.",
    };
  }

  const issuer = idOf(credential.issuer);
  const sameIssuer: StatusCheckContext = {
    ...context,
    ...(typeof credential.id === "string" ? { credentialId: credential.id } : {}),
    verifyListProof: async (list) => idOf(list.issuer) === issuer && (await context.verifyListProof(list)),
  };
  const outcomes = await Promise.all(entries.map((entry) => checkEntry(entry, sameIssuer)));
  const evidence: Record<string, string> = Object.assign(
    {},
    ...entries.map((entry, i) =>
      entryEvidence(entry, outcomes[i] as EntryOutcome, entries.length > 1 ? ` ${i + 1}` : ""),
    ),
    { "Checked at": context.now.toISOString() },
  );

  const set = outcomes.find((o): o is Extract<EntryOutcome, { kind: "set" }> => o.kind === "set");
  if (set?.purpose === "revocation") {
    return {
      id: "status",
      outcome: "fail",
      code: "revoked",
      message: "The issuer has revoked this credential.",
      evidence,
    };
  }
  if (set) {
    return {
      id: "status",
      outcome: "fail",
      code: "suspended",
      message: "The issuer has suspended this credential.",
      evidence,
    };
  }
  const unknown = outcomes.find(
    (o): o is Extract<EntryOutcome, { kind: "indeterminate" }> => o.kind === "indeterminate",
  );
  if (unknown)
    return { id: "status", outcome: "indeterminate", code: unknown.code, message: unknown.message, evidence };
  if (outcomes.every((o) => o.kind === "skipped")) {
    return {
      id: "status",
      outcome: "not-applicable",
      code: "no-status",
      message: "The issuer publishes no revocation status for this credential.",
      evidence,
    };
  }
  return {
    id: "status",
    outcome: "pass",
    code: "not-revoked",
    message: "The issuer's signed revocation list shows the credential is not revoked.",
    evidence,
  };
}
