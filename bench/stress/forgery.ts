/**
 * `npm run stress -- forgery [--count N] [--classify-all] [--quick]`: no forgery is ever "verified".
 * Default 3,000 mutations (sampled evenly from the ~4,000 generated); --quick 300; --count N any number.
 *
 * From valid credentials of every format Attest verifies (Open Badges 3.0 with Ed25519Signature2020 and
 * DataIntegrityProof eddsa-rdfc-2022 / eddsa-jcs-2022 / ecdsa-rdfc-2019, two proofs at once, VC 1.1, did:jwk and
 * did:web issuers, VC-JWT EdDSA and ES256, an enveloped VC-JWT, a CLR 2.0 with three nested members, a holder-signed
 * presentation), signed afresh with the test keys of app/verification/fixtures, this generates mutations: every
 * leaf changed (strings, numbers, booleans, types), keys removed and added, arrays reordered and extended, objects'
 * keys reordered, proofs swapped between credentials, keys swapped (verification method, issuer with key,
 * re-signed by another key, a did:web document serving another key), CLR and presentation members altered, removed,
 * added and swapped, status entries redirected and status lists forged, dates shifted, JWT headers, payloads and
 * signatures altered. Each goes through the real verifier (verifyCredential with the app's offline document loader,
 * its verification cache, a fixed clock, and an injected network that serves only the fixtures' status lists and
 * did:web document).
 *
 * The figure is false accepts: a "verified" verdict for a mutated input whose signed content changed. It must be 0.
 * Whether the signed content changed is decided independently of the verifier (see `signedContentChanged`):
 * for JSON-LD by the reference RDFC-1.0 canonicalisation (jsonld.js, not Attest's fast path) and JCS, for JWTs
 * by the compact serialisation. A mutation that leaves it unchanged may legitimately verify; those are counted
 * apart ("equivalent"); with --classify-all, an equivalent one that does not verify is reported as a false reject
 * (informational, not a failure).
 */
import { performance } from "node:perf_hooks";
import jsonld from "jsonld";
import { signCredential, type SerializedIssuerKey } from "#app/demo/issuer.server";
import { createDocumentLoader } from "#app/verification/document-loader.server";
import {
  CHALLENGE,
  DID_WEB_URL,
  DOMAIN,
  EDTECH_LIST_URL,
  MISSING_LIST_URL,
  REVOCATION_LIST_URL,
  SUSPENSION_LIST_URL,
  TEST_NOW,
  generateOutcomes,
  testKeys,
} from "#app/verification/fixtures/generate-outcomes.server";
import { createVerificationCache, verifyCredential } from "#app/verification/verify.server";
import { runFastPathDifferential } from "#app/verification/fixtures/differential.server";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { digest, ES256, generateSalt } from "@sd-jwt/crypto-nodejs";
import { createHeaderAndPayload, StatusList } from "@sd-jwt/jwt-status-list";
import * as jose from "jose";
import { countOption, parseScenarioArgs } from "./options";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Path = Array<string | number>;

interface Base {
  name: string;
  document: Json;
  /** Presentations are verified over the challenge and domain Attest issued, as in a wallet exchange. */
  presentation?: boolean;
}

interface Mutation {
  base: string;
  kind: string;
  label: string;
  document: Json;
  /** What the network serves for this mutation (keys, status lists); the default network otherwise. */
  network?: Record<string, Json>;
  /**
   * Set when the mutation changes what a signature must vouch for outside the document (a did:web document
   * serving another key, a forged status list): "verified" is then a false accept whatever the document says.
   */
  changesEnvironment?: boolean;
}

const usage = "usage: npm run stress -- forgery [--count N] [--differential N] [--seed N] [--classify-all] [--quick]";
const SIGNED_AT = new Date("2025-06-01T00:00:00Z");
const V2 = "https://www.w3.org/ns/credentials/v2";
const OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const CLR = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";

export async function run(args: string[]): Promise<number> {
  const { values } = parseScenarioArgs(
    args,
    {
      count: { type: "string" },
      differential: { type: "string" },
      seed: { type: "string" },
      "classify-all": { type: "boolean", default: false },
    },
    usage,
  );
  const limit = countOption(values.count, values.quick ? 300 : 3_000, "count");
  // The fast path against the reference path on generated adversarial documents (the same property as
  // app/verification/fast-path-differential.test.ts, which runs a bounded count in npm test).
  const differentialRuns = countOption(values.differential, values.quick ? 200 : 3_000, "differential");
  const differentialSeed = countOption(values.seed, Date.now() % 2 ** 31, "seed");
  // The oracle costs a reference canonicalisation per input: by default it judges only what the verifier accepted
  // (all a false accept needs); --classify-all judges every mutation, to count false rejects as well.
  const classifyAll = values["classify-all"] === true;
  const started = performance.now();

  const { bases, network, keys } = await signBases();
  const documentLoader = createDocumentLoader();
  const cache = createVerificationCache();
  const now = new Date(TEST_NOW);
  const verify = (document: Json, presentation: boolean, served: Record<string, Json>) =>
    verifyCredential(document, {
      input: "forgery",
      documentLoader,
      cache,
      now,
      fetchDocument: async (url: string) => {
        if (Object.hasOwn(served, url)) return structuredClone(served[url]);
        throw new Error(`unreachable: ${url}`);
      },
      ...(presentation ? { challenge: CHALLENGE, domain: DOMAIN } : {}),
    });

  // Every base must verify first, or the mutations of it would prove nothing.
  for (const base of bases) {
    const report = await verify(base.document, base.presentation === true, network);
    if (report.verdict !== "verified") {
      console.error(
        `base ${base.name} does not verify (${report.verdict}): ${report.checks.map((c) => `${c.id}:${c.code}`).join(" ")}`,
      );
      return 1;
    }
  }

  const all = await generateMutations(bases, network, keys);
  const mutations = sample(all, limit);
  const byKind = new Map<string, { total: number; equivalent: number; verified: number; falseAccepts: number }>();
  const falseAccepts: Mutation[] = [];
  const falseRejects: Mutation[] = [];
  const oracle = createOracle(documentLoader, bases);
  const baseByName = new Map(bases.map((base) => [base.name, base]));
  for (const [i, mutation] of mutations.entries()) {
    const base = baseByName.get(mutation.base) as Base;
    const served = mutation.network ?? network;
    const report = await verify(mutation.document, base.presentation === true, served);
    const judged = classifyAll || report.verdict === "verified";
    const changed =
      !judged || mutation.changesEnvironment === true || (await oracle.signedContentChanged(mutation.document));
    const figures = byKind.get(mutation.kind) ?? { total: 0, equivalent: 0, verified: 0, falseAccepts: 0 };
    figures.total++;
    if (judged && !changed) figures.equivalent++;
    if (report.verdict === "verified") figures.verified++;
    if (report.verdict === "verified" && changed) {
      figures.falseAccepts++;
      falseAccepts.push(mutation);
    }
    if (judged && report.verdict !== "verified" && !changed) falseRejects.push(mutation);
    byKind.set(mutation.kind, figures);
    if ((i + 1) % 250 === 0) process.stderr.write(`\rverified ${i + 1}/${mutations.length} mutations`);
  }
  process.stderr.write("\n");

  for (const [kind, f] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(
      `  ${kind.padEnd(24)} ${String(f.total).padStart(5)} mutations, ${String(f.equivalent).padStart(4)} equivalent, ${String(f.verified).padStart(4)} verified, ${f.falseAccepts} false accepts`,
    );
  }
  for (const m of falseAccepts.slice(0, 20)) console.log(`FALSE ACCEPT ${m.base}: ${m.kind}: ${m.label}`);
  for (const m of falseRejects.slice(0, 10))
    console.log(`false reject (equivalent input not verified) ${m.base}: ${m.kind}: ${m.label}`);
  const kinds = [...byKind].map(([kind, f]) => `${kind}=${f.total}`).join(" ");

  process.stderr.write(`fast path vs reference path: ${differentialRuns} generated cases, seed ${differentialSeed}\n`);
  const differential = await runFastPathDifferential({ seed: differentialSeed, runs: differentialRuns });
  for (const line of differential.disagreements.slice(0, 10)) console.log(`FAST PATH DISAGREES ${line}`);
  console.log(
    `forgery: bases=${bases.length} mutations=${mutations.length} (of ${all.length} generated) equivalent=${[...byKind.values()].reduce((n, f) => n + f.equivalent, 0)} ` +
      `false_accepts=${falseAccepts.length} false_rejects=${classifyAll ? falseRejects.length : "not-judged"} ` +
      `differential_cases=${differential.cases} differential_seed=${differentialSeed} fast_path_disagreements=${differential.disagreements.length} ` +
      `seconds=${((performance.now() - started) / 1000).toFixed(1)} kinds: ${kinds}`,
  );
  return falseAccepts.length === 0 && differential.disagreements.length === 0 ? 0 : 1;
}

/** Every n-th mutation, so that a smaller run still covers every base and kind. */
function sample<T>(items: T[], limit: number): T[] {
  if (items.length <= limit) return items;
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)] as T);
}

async function signBases(): Promise<{
  bases: Base[];
  network: Record<string, Json>;
  keys: Awaited<ReturnType<typeof testKeys>>;
}> {
  const files = (await generateOutcomes()) as Map<string, Json>;
  const keys = await testKeys();
  const file = (name: string) => structuredClone(files.get(name)) as Json;
  const network: Record<string, Json> = {
    [REVOCATION_LIST_URL]: file("status-list-revocation.json"),
    [SUSPENSION_LIST_URL]: file("status-list-suspension.json"),
    [EDTECH_LIST_URL]: file("revocation-list-1edtech.json"),
    [DID_WEB_URL]: file("did-web-issuer.json"),
  };
  // A CLR with three members of different kinds: a DataIntegrity badge with a status entry, an Ed25519Signature2020
  // badge, and an enveloped VC-JWT.
  const clr = await signCredential(
    keys.issuer,
    {
      "@context": [V2, CLR, OB3],
      id: "urn:uuid:55555555-5555-4555-8555-555555555555",
      type: ["VerifiableCredential", "ClrCredential"],
      name: "Transcript of three",
      issuer: { id: keys.issuer.did, type: ["Profile"], name: keys.issuer.name },
      validFrom: "2025-06-01T00:00:00Z",
      credentialSubject: {
        type: ["ClrSubject"],
        verifiableCredential: [
          file("valid-eddsa-rdfc-2022.json"),
          file("valid-ed25519-signature-2020.json"),
          file("enveloped-vc2-jwt.json"),
        ],
      },
    },
    "eddsa-rdfc-2022",
    { date: SIGNED_AT },
  );
  // A proof chain: the second proof signs the credential together with the first (previousProof).
  const { proof: _proof, ...unsigned } = file("valid-eddsa-rdfc-2022.json") as JsonObject;
  const firstOfChain = await signCredential(keys.issuer, unsigned, "eddsa-rdfc-2022", {
    date: SIGNED_AT,
    proofId: "urn:uuid:chain-1",
  });
  const chain = await signCredential(keys.issuer, firstOfChain, "eddsa-rdfc-2022", {
    date: SIGNED_AT,
    proofId: "urn:uuid:chain-2",
    previousProof: "urn:uuid:chain-1",
  });
  const bases: Base[] = [
    ...[
      "valid-eddsa-rdfc-2022.json",
      "valid-ed25519-signature-2020.json",
      "valid-eddsa-jcs-2022.json",
      "valid-ecdsa-rdfc-2019-p256.json",
      "valid-did-jwk.json",
      "valid-did-web.json",
      "valid-two-proofs.json",
      "valid-vc1.json",
      "clr-valid.json",
      "enveloped-vc2-jwt.json",
      "jwt-vc1-eddsa.jwt",
      "jwt-vc2-es256-did-jwk.jwt",
    ].map((name) => ({ name, document: file(name) })),
    { name: "clr-three-members", document: clr as Json },
    { name: "proof-chain", document: chain as Json },
    { name: "vp-valid.json", document: file("vp-valid.json"), presentation: true },
  ];
  const sdJwt = await signSdJwtBases();
  Object.assign(network, sdJwt.network);
  bases.push(...sdJwt.bases);
  return { bases, network, keys };
}

const SD_JWT_STATUS_URL = "https://status.attest.test/token-lists/1";

/**
 * SD-JWT VCs (ES256, did:jwk), issued with the OpenWallet Foundation's library: claims, an array with disclosed
 * elements, a nested object, and a Token Status List entry; a second issuance of the same claims (other salts)
 * lends its disclosures to the swap mutations.
 */
async function signSdJwtBases(): Promise<{ bases: Base[]; network: Record<string, Json> }> {
  const keys = await ES256.generateKeyPair();
  const { kty, crv, x, y } = keys.publicKey;
  const did = `did:jwk:${Buffer.from(JSON.stringify({ kty, crv, x, y })).toString("base64url")}`;
  const sdjwt = new SDJwtVcInstance({
    signer: await ES256.getSigner(keys.privateKey),
    signAlg: "ES256",
    hasher: digest,
    hashAlg: "sha-256",
    saltGenerator: generateSalt,
  });
  const claims = {
    iss: did,
    vct: "https://credentials.attest.test/course",
    iat: Math.floor(SIGNED_AT.getTime() / 1000),
    name: "Python Programming",
    skills: ["Python", "SQL", { name: "Data Analysis", url: "https://example.org/skills/data-analysis" }],
    address: { locality: "Testville", country: "TS" },
    status: { status_list: { idx: 5, uri: SD_JWT_STATUS_URL } },
  };
  const frame = { _sd: ["name", "skills", "address"], skills: { _sd: [0, 1, 2] }, address: { _sd: ["locality"] } };
  const issue = () => sdjwt.issue(claims as never, frame as never, { header: { typ: "dc+sd-jwt", kid: `${did}#0` } });
  const list = new StatusList(new Array(64).fill(0), 2);
  list.setStatus(9, 1);
  const { header, payload } = createHeaderAndPayload(
    list,
    { iss: did, sub: SD_JWT_STATUS_URL, iat: Math.floor(SIGNED_AT.getTime() / 1000) },
    { alg: "ES256", typ: "statuslist+jwt", kid: `${did}#0` },
  );
  const token = await new jose.SignJWT(payload as jose.JWTPayload)
    .setProtectedHeader(header as jose.JWTHeaderParameters)
    .sign(await jose.importJWK(keys.privateKey as jose.JWK, "ES256"));
  return {
    bases: [
      { name: "sd-jwt-vc", document: await issue() },
      { name: "sd-jwt-vc-again", document: await issue() },
    ],
    network: { [SD_JWT_STATUS_URL]: token },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations

async function generateMutations(
  bases: Base[],
  network: Record<string, Json>,
  keys: Awaited<ReturnType<typeof testKeys>>,
): Promise<Mutation[]> {
  const out: Mutation[] = [];
  const jsonBases = bases.filter((base) => typeof base.document !== "string");
  const sdJwtBases = bases.filter((base) => typeof base.document === "string" && base.document.includes("~"));
  const jwtBases = bases.filter((base) => typeof base.document === "string" && !sdJwtBases.includes(base));
  for (const base of jsonBases) out.push(...structuralMutations(base));
  for (const base of jwtBases) out.push(...jwtMutations(base, jwtBases));
  for (const base of sdJwtBases) out.push(...sdJwtMutations(base, sdJwtBases));
  out.push(...proofSwaps(jsonBases));
  out.push(...(await keySwaps(jsonBases, network, keys)));
  out.push(...containerMutations(bases));
  out.push(...statusMutations(bases, network, keys));
  return out;
}

function kindOf(base: Base, path: Path, fallback: string): string {
  const text = path.join(".");
  if (/verifiableCredential/.test(text)) return base.presentation ? "vp-member-altered" : "clr-member-altered";
  if (/credentialStatus/.test(text)) return "status-redirected";
  if (/(validFrom|validUntil|issuanceDate|expirationDate|created|expires)$/.test(text)) return "date-shifted";
  if (/^proof/.test(text)) return "proof-altered";
  return fallback;
}

/** Every leaf, key, array and object of the document, changed in turn. */
function structuralMutations(base: Base): Mutation[] {
  const out: Mutation[] = [];
  const push = (
    path: Path,
    fallbackKind: string,
    label: string,
    change: (parent: any, key: string | number) => void,
  ) => {
    const document = structuredClone(base.document);
    const parent = path.length === 0 ? null : (getAt(document, path.slice(0, -1)) as any);
    if (parent === null) return;
    change(parent, path[path.length - 1] as string | number);
    out.push({
      base: base.name,
      kind: kindOf(base, path, fallbackKind),
      label: `${label} at ${path.join(".")}`,
      document,
    });
  };
  const pushRoot = (kind: string, label: string, change: (document: any) => void) => {
    const document = structuredClone(base.document);
    change(document);
    out.push({ base: base.name, kind, label, document });
  };

  walk(base.document, [], (value, path) => {
    if (path.length === 0) return;
    if (typeof value === "string") {
      const isDate = /^\d{4}-\d{2}-\d{2}T/.test(value);
      if (isDate) {
        for (const [label, ms] of [
          ["+1 s", 1000],
          ["-1 day", -86_400_000],
          ["+1 year", 365 * 86_400_000],
        ] as const) {
          const shifted = new Date(Date.parse(value) + ms).toISOString().replace(/\.000Z$/, "Z");
          push(path, "date-shifted", `date ${label}`, (p, k) => (p[k] = shifted));
        }
        // The same instant written differently: a different literal, so a different signed value.
        push(path, "date-shifted", "same instant with +00:00", (p, k) => (p[k] = value.replace(/Z$/, "+00:00")));
      }
      push(
        path,
        "leaf-string",
        "string appended",
        (p, k) => (p[k] = /^[a-z][a-z0-9+.-]*:/i.test(value) ? `${value}x` : `${value}!`),
      );
      push(path, "leaf-string", "string emptied", (p, k) => (p[k] = ""));
      push(
        path,
        "leaf-string",
        "last character changed",
        (p, k) => (p[k] = value.slice(0, -1) + (value.endsWith("A") ? "B" : "A")),
      );
      push(path, "leaf-type", "string became a number", (p, k) => (p[k] = 42));
    } else if (typeof value === "number") {
      push(path, "leaf-number", "number +1", (p, k) => (p[k] = value + 1));
      push(path, "leaf-number", "number -1", (p, k) => (p[k] = value - 1));
      push(path, "leaf-type", "number became a string", (p, k) => (p[k] = String(value)));
    } else if (typeof value === "boolean") {
      push(path, "leaf-boolean", "boolean flipped", (p, k) => (p[k] = !value));
      push(path, "leaf-type", "boolean became a string", (p, k) => (p[k] = String(value)));
    } else if (value === null) {
      push(path, "leaf-type", "null became a string", (p, k) => (p[k] = "x"));
    }
    if (value !== null && typeof value === "object") {
      push(path, "leaf-type", "value became null", (p, k) => (p[k] = null));
    }
    if (typeof path[path.length - 1] === "string") {
      push(path, "key-removed", "key removed", (p, k) => delete p[k]);
    }
    if (Array.isArray(value) && value.length > 1) {
      push(path, "array-reordered", "array reversed", (p, k) => p[k].reverse());
    }
    if (Array.isArray(value) && value.length > 0) {
      push(path, "array-extended", "first item repeated", (p, k) => p[k].push(structuredClone(p[k][0])));
      push(path, "array-extended", "item added", (p, k) =>
        p[k].push(typeof p[k][0] === "string" ? "Extra" : { type: ["Extra"] }),
      );
    }
    if (Array.isArray(value) && value.length === 1) {
      // For RDFC suites a one-item array and its item are the same statement; JCS and JWTs see the difference.
      push(path, "array-singleton", "one-item array unwrapped", (p, k) => (p[k] = p[k][0]));
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      push(
        path,
        "key-added",
        "defined term added (description)",
        (p, k) => (p[k].description = "Added after signing."),
      );
      push(path, "key-added", "undefined term added", (p, k) => (p[k].addedAfterSigning = "x"));
      push(path, "key-added", "keyword-like key added", (p, k) => (p[k]["@unsigned"] = "x"));
      push(path, "key-order", "keys reversed", (p, k) => (p[k] = Object.fromEntries(Object.entries(p[k]).reverse())));
    }
  });
  pushRoot("key-added", "top-level defined term added (description)", (d) => (d.description = "Added after signing."));
  pushRoot("key-added", "top-level undefined term added", (d) => (d.addedAfterSigning = "x"));
  pushRoot("key-order", "top-level keys reversed", (d) => {
    const entries = Object.entries(d).reverse();
    for (const key of Object.keys(d)) delete d[key];
    Object.assign(d, Object.fromEntries(entries));
  });
  pushRoot("proof-altered", "proof removed", (d) => delete d.proof);
  return out;
}

/** JWT bases: header and payload claims changed and re-encoded with the original signature; signatures swapped. */
function jwtMutations(base: Base, jwtBases: Base[]): Mutation[] {
  const out: Mutation[] = [];
  const [header, payload, signature] = (base.document as string).split(".") as [string, string, string];
  const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Json;
  const encode = (value: Json) => Buffer.from(JSON.stringify(value)).toString("base64url");
  for (const [part, decoded] of [
    ["header", decode(header)],
    ["payload", decode(payload)],
  ] as const) {
    const pseudo: Base = { name: base.name, document: decoded };
    for (const m of structuralMutations(pseudo)) {
      const altered = encode(m.document);
      const jws = part === "header" ? `${altered}.${payload}.${signature}` : `${header}.${altered}.${signature}`;
      out.push({
        base: base.name,
        kind: `jwt-${part}-${m.kind}`.replace(/-leaf-[a-z]+$/, "-claim-changed"),
        label: `${part}: ${m.label}`,
        document: jws,
      });
    }
  }
  out.push({
    base: base.name,
    kind: "jwt-header-alg",
    label: "alg none, no signature",
    document: `${encode({ ...(decode(header) as JsonObject), alg: "none" })}.${payload}.`,
  });
  out.push({
    base: base.name,
    kind: "jwt-header-alg",
    label: "alg HS256",
    document: `${encode({ ...(decode(header) as JsonObject), alg: "HS256" })}.${payload}.${signature}`,
  });
  out.push({ base: base.name, kind: "jwt-signature", label: "signature removed", document: `${header}.${payload}.` });
  out.push({
    base: base.name,
    kind: "jwt-signature",
    label: "signature truncated",
    document: `${header}.${payload}.${signature.slice(0, -4)}`,
  });
  const flipped = Buffer.from(signature, "base64url");
  flipped[0] ^= 1;
  out.push({
    base: base.name,
    kind: "jwt-signature",
    label: "one signature bit flipped",
    document: `${header}.${payload}.${flipped.toString("base64url")}`,
  });
  for (const other of jwtBases) {
    if (other === base) continue;
    const [, , otherSignature] = (other.document as string).split(".");
    out.push({
      base: base.name,
      kind: "proof-swapped",
      label: `signature of ${other.name}`,
      document: `${header}.${payload}.${otherSignature}`,
    });
  }
  // The same JWT inside an envelope: the envelope is verified by the JWS it carries.
  out.push({
    base: base.name,
    kind: "jwt-payload-claim-changed",
    label: "payload re-encoded with spaces",
    document: `${header}.${Buffer.from(JSON.stringify(decode(payload), null, 1)).toString("base64url")}.${signature}`,
  });
  return out;
}

/**
 * SD-JWT VC bases: the issuer-signed JWT mutated as any JWT; every disclosure's content changed and re-encoded;
 * disclosures removed (selective disclosure: may still verify), repeated, invented, reordered, and taken from
 * another issuance of the same claims.
 */
function sdJwtMutations(base: Base, sdJwtBases: Base[]): Mutation[] {
  const out: Mutation[] = [];
  const [jwt, ...rest] = (base.document as string).split("~") as [string, ...string[]];
  const disclosures = rest.filter(Boolean);
  const compose = (issuerJwt: string, list: string[]) => `${issuerJwt}~${list.map((d) => `${d}~`).join("")}`;
  const add = (kind: string, label: string, document: string) =>
    out.push({ base: base.name, kind: `sd-jwt-${kind}`, label, document });
  for (const m of jwtMutations({ name: base.name, document: jwt }, []))
    add(m.kind.replace(/^jwt-/, "jwt-"), m.label, compose(m.document as string, disclosures));
  const decode = (d: string) => JSON.parse(Buffer.from(d, "base64url").toString("utf8")) as Json;
  const encode = (value: Json) => Buffer.from(JSON.stringify(value)).toString("base64url");
  disclosures.forEach((disclosure, i) => {
    for (const m of structuralMutations({ name: base.name, document: decode(disclosure) })) {
      const changed = [...disclosures];
      changed[i] = encode(m.document);
      add("disclosure-altered", `disclosure ${i + 1}: ${m.label}`, compose(jwt, changed));
    }
    add(
      "disclosure-removed",
      `disclosure ${i + 1} removed`,
      compose(
        jwt,
        disclosures.filter((_, j) => j !== i),
      ),
    );
    add("disclosure-added", `disclosure ${i + 1} repeated`, compose(jwt, [...disclosures, disclosure]));
  });
  add(
    "disclosure-added",
    "invented disclosure",
    compose(jwt, [...disclosures, encode(["c2FsdHNhbHQ", "admin", true])]),
  );
  add(
    "disclosure-added",
    "invented array element",
    compose(jwt, [...disclosures, encode(["c2FsdHNhbHQ", "Brain Surgery"])]),
  );
  add("disclosure-reordered", "disclosures reversed", compose(jwt, [...disclosures].reverse()));
  for (const other of sdJwtBases) {
    if (other === base) continue;
    const [, ...otherRest] = (other.document as string).split("~");
    const theirs = otherRest.filter(Boolean);
    theirs.forEach((disclosure, i) => {
      const swapped = [...disclosures];
      swapped[i % swapped.length] = disclosure;
      add("disclosure-swapped", `disclosure ${i + 1} from ${other.name}`, compose(jwt, swapped));
    });
    add("disclosure-swapped", `all disclosures from ${other.name}`, compose(jwt, theirs));
  }
  return out;
}

/** Each JSON-LD base with the proof of every other one. */
function proofSwaps(bases: Base[]): Mutation[] {
  const out: Mutation[] = [];
  for (const base of bases) {
    const document = base.document as JsonObject;
    if (document.proof === undefined) continue;
    for (const other of bases) {
      const proof = (other.document as JsonObject).proof;
      if (other === base || proof === undefined) continue;
      out.push({
        base: base.name,
        kind: "proof-swapped",
        label: `proof of ${other.name}`,
        document: { ...structuredClone(document), proof: structuredClone(proof) },
      });
      if (Array.isArray(document.proof) || Array.isArray(proof)) continue;
      out.push({
        base: base.name,
        kind: "proof-swapped",
        label: `proof of ${other.name} added as a second proof`,
        document: { ...structuredClone(document), proof: [structuredClone(document.proof), structuredClone(proof)] },
      });
    }
  }
  return out;
}

async function keySwaps(
  bases: Base[],
  network: Record<string, Json>,
  keys: Awaited<ReturnType<typeof testKeys>>,
): Promise<Mutation[]> {
  const out: Mutation[] = [];
  const others: SerializedIssuerKey[] = [keys.other, keys.holder, keys.p256, keys.jwk, keys.p256Jwk, keys.issuer];
  for (const base of bases) {
    const document = base.document as JsonObject;
    const proofs = Array.isArray(document.proof) ? document.proof : document.proof ? [document.proof] : [];
    const issuerId =
      typeof document.issuer === "string"
        ? document.issuer
        : ((document.issuer as JsonObject | undefined)?.id as string | undefined);
    if (proofs.length === 0) continue;
    for (const key of others) {
      if (proofs.some((p) => (p as JsonObject).verificationMethod === key.verificationMethod)) continue;
      const withVm = structuredClone(document);
      for (const proof of Array.isArray(withVm.proof) ? withVm.proof : [withVm.proof])
        (proof as JsonObject).verificationMethod = key.verificationMethod;
      out.push({ base: base.name, kind: "key-swapped", label: `verification method → ${key.name}`, document: withVm });
      if (issuerId && !base.presentation) {
        // The issuer and its key swapped together: the signature is still the original issuer's.
        const both = structuredClone(withVm);
        if (typeof both.issuer === "string") both.issuer = key.did;
        else (both.issuer as JsonObject).id = key.did;
        out.push({
          base: base.name,
          kind: "key-swapped",
          label: `issuer and verification method → ${key.name}`,
          document: both,
        });
      }
    }
    // Re-signed by someone else's key while still naming the original issuer.
    if (!base.presentation && issuerId && proofs.length === 1) {
      const { proof: _proof, ...unsigned } = structuredClone(document);
      const suite =
        ((proofs[0] as JsonObject).cryptosuite as string | undefined) ?? ((proofs[0] as JsonObject).type as string);
      const attacker = suite === "ecdsa-rdfc-2019" ? keys.p256Jwk : keys.other;
      const resigned = await signCredential(
        attacker,
        unsigned,
        (["eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "Ed25519Signature2020"].includes(suite)
          ? suite
          : "eddsa-rdfc-2022") as Parameters<typeof signCredential>[2],
        { date: SIGNED_AT },
      );
      out.push({
        base: base.name,
        kind: "key-swapped",
        label: `re-signed by ${attacker.name}, issuer unchanged`,
        document: resigned as Json,
      });
    }
  }
  // A did:web document that now serves another key: the credential is untouched, its issuer's key is not.
  const didWeb = bases.find((base) => base.name === "valid-did-web.json");
  if (didWeb) {
    for (const key of others) {
      const served = structuredClone(network);
      const did = served[DID_WEB_URL] as JsonObject;
      ((did.verificationMethod as JsonObject[])[0] as JsonObject).publicKeyMultibase = key.publicKeyMultibase;
      out.push({
        base: didWeb.name,
        kind: "key-swapped",
        label: `did:web serves the key of ${key.name}`,
        document: structuredClone(didWeb.document),
        network: served,
        changesEnvironment: true,
      });
    }
  }
  return out;
}

/** CLR and presentation members removed, added, swapped and duplicated (the container's proof covers them). */
function containerMutations(bases: Base[]): Mutation[] {
  const out: Mutation[] = [];
  const singles = bases.filter(
    (base) => typeof base.document === "object" && !base.presentation && !/clr/.test(base.name),
  );
  for (const base of bases) {
    const document = base.document as JsonObject;
    const holder = base.presentation ? document : ((document.credentialSubject ?? null) as JsonObject | null);
    const members = holder?.verifiableCredential;
    if (!Array.isArray(members)) continue;
    const kind = base.presentation ? "vp-member-altered" : "clr-member-altered";
    const edit = (label: string, change: (list: Json[]) => void) => {
      const copy = structuredClone(document);
      const list = (base.presentation ? copy : (copy.credentialSubject as JsonObject)).verifiableCredential as Json[];
      change(list);
      out.push({ base: base.name, kind, label, document: copy });
    };
    for (let i = 0; i < members.length; i++) edit(`member ${i + 1} removed`, (list) => list.splice(i, 1));
    for (const single of singles) {
      edit(`${single.name} added as a member`, (list) => list.push(structuredClone(single.document)));
      for (let i = 0; i < members.length; i++)
        edit(`member ${i + 1} replaced by ${single.name}`, (list) => (list[i] = structuredClone(single.document)));
    }
    edit("members emptied", (list) => list.splice(0));
    edit("first member repeated", (list) => list.push(structuredClone(list[0] as Json)));
  }
  return out;
}

/** Status entries redirected (signed, so the signature must fail) and status lists forged (served, so their own proof must fail). */
function statusMutations(
  bases: Base[],
  network: Record<string, Json>,
  keys: Awaited<ReturnType<typeof testKeys>>,
): Mutation[] {
  const out: Mutation[] = [];
  for (const base of bases) {
    const entries: Path[] = [];
    walk(base.document, [], (value, path) => {
      if (path[path.length - 1] === "credentialStatus" && value !== null && typeof value === "object")
        entries.push(path);
    });
    for (const path of entries) {
      const redirect = (label: string, change: (entry: JsonObject) => void) => {
        const document = structuredClone(base.document);
        change(getAt(document, path) as JsonObject);
        out.push({ base: base.name, kind: "status-redirected", label: `${label} at ${path.join(".")}`, document });
      };
      for (const index of ["0", "2", "3", "4", "131071", "-1", "abc", "1.0", " 1"])
        redirect(`statusListIndex → ${JSON.stringify(index)}`, (e) => (e.statusListIndex = index));
      redirect("statusListIndex as a number", (e) => (e.statusListIndex = Number(e.statusListIndex)));
      for (const url of [
        SUSPENSION_LIST_URL,
        MISSING_LIST_URL,
        `${REVOCATION_LIST_URL}?v=2`,
        "http://127.0.0.1/list",
        "data:application/json,{}",
      ]) {
        redirect(`statusListCredential → ${url}`, (e) => {
          e.statusListCredential = url;
          e.id = `${url}#1`;
        });
      }
      redirect("statusPurpose → suspension", (e) => (e.statusPurpose = "suspension"));
      redirect("type → StatusList2021Entry", (e) => (e.type = "StatusList2021Entry"));
      redirect("entry removed", (e) => {
        for (const key of Object.keys(e)) delete e[key];
      });
      // The status list itself forged: bits cleared under its original proof, or its proof swapped.
      const list = structuredClone(network[REVOCATION_LIST_URL]) as JsonObject;
      const cleared = structuredClone(list);
      (cleared.credentialSubject as JsonObject).encodedList = (
        network[SUSPENSION_LIST_URL] as { credentialSubject: { encodedList: string } }
      ).credentialSubject.encodedList;
      const foreignProof = structuredClone(list);
      foreignProof.proof = structuredClone((network[SUSPENSION_LIST_URL] as JsonObject).proof);
      for (const [label, forged] of [
        ["list bits replaced under the list's proof", cleared],
        ["list proof swapped for another list's", foreignProof],
      ] as const) {
        out.push({
          base: base.name,
          kind: "status-list-forged",
          label,
          document: structuredClone(base.document),
          network: { ...network, [REVOCATION_LIST_URL]: forged },
          changesEnvironment: true,
        });
      }
      void keys;
    }
  }
  return out;
}

function walk(value: Json, path: Path, visit: (value: Json, path: Path) => void): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i], visit));
  else if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) walk(item, [...path, key], visit);
}

function getAt(document: Json, path: Path): Json {
  let node: any = document;
  for (const step of path) node = node?.[step];
  return node as Json;
}

// ---------------------------------------------------------------------------------------------------------------
// The oracle: did the signed content change?

/**
 * Decides, without Attest's verifier, whether a mutation changed what the signatures vouch for: the input is
 * "unchanged" only when every signature in it (the container's and, recursively, each CLR or presentation
 * member's) is one of the original signatures, over exactly the content it was made for:
 * - a JWT (bare, or in an EnvelopedVerifiableCredential's data: URL) is one of the original compact JWSs byte for
 *   byte. The envelope around it (its @context, type, other keys) is not signed by design: Attest verifies,
 *   extracts and shows only what the JWS carries;
 * - a JSON-LD document has at least one proof, and each proof is one of the original proofs (key order aside);
 *   for an RDFC proof (Ed25519Signature2020, eddsa-rdfc-2022, ecdsa-rdfc-2019) the RDFC-1.0 canonical form
 *   (reference jsonld.js in safe mode, not Attest's fast path) of the document without proofs equals that of the
 *   document the proof came from, and every @context entry is a URL that document already lists; for an
 *   eddsa-jcs-2022 proof the JCS form equals it, with the @context the proof names (the spec lets a document
 *   append contexts after the signed ones: the JSON values, all that Attest reads, are what was signed).
 * These mutation classes can therefore be legitimately "verified":
 *   - keys reordered in an object: JSON objects are unordered, and RDFC, JCS and Attest's reading all ignore order;
 *   - arrays reordered, a one-item array unwrapped, a plain value or a context URL repeated, for RDFC proofs: JSON-LD
 *     arrays (without @list) are sets of statements, so the same statements are signed;
 *   - a context URL the signed document did not list, when the JSON values are the same and so are the statements
 *     (the Ed25519Signature2020 context added to a badge signed with eddsa-rdfc-2022: it defines only proof terms);
 *   - a keyword-like key ("@unsigned"): JSON-LD ignores it and Attest never reads it;
 *   - a duplicated proof, or one proof of a proof set removed: what is left is still the issuer's own signature over
 *     the same content (all proofs present must verify, and do);
 *   - a proof taken from another credential whose signed content is identical (the fixtures sign one badge with
 *     several suites): it is a genuine signature over this very content.
 * Undefined terms never count as unchanged: safe mode refuses to canonicalise them. Whatever the oracle cannot
 * canonicalise counts as changed: a verifier must never accept what cannot be checked.
 */
function createOracle(documentLoader: ReturnType<typeof createDocumentLoader>, bases: Base[]) {
  const canonize = (
    jsonld as unknown as { canonize(input: unknown, options: Record<string, unknown>): Promise<string> }
  ).canonize;
  const memo = new Map<JsonObject, Promise<string | null>>();
  const rdfc = async (document: JsonObject): Promise<string | null> => {
    try {
      const { proof: _proof, ...unsecured } = document;
      return await canonize(unsecured, {
        algorithm: "RDFC-1.0",
        format: "application/n-quads",
        documentLoader,
        safe: true,
        base: null,
      });
    } catch {
      return null;
    }
  };
  const rdfcOfSource = (source: JsonObject) => {
    if (!memo.has(source)) memo.set(source, rdfc(source));
    return memo.get(source) as Promise<string | null>;
  };
  const asList = (value: Json | undefined): Json[] =>
    Array.isArray(value) ? value : value === undefined ? [] : [value];
  const envelopePrefix = "data:application/vc+jwt,";
  const jwsOf = (value: Json): string | null => {
    if (typeof value === "string") return value.trim();
    if (isObject(value) && typeof value.id === "string" && value.id.startsWith(envelopePrefix))
      return value.id.slice(envelopePrefix.length);
    return null;
  };

  // Every original signature: JWSs, and each JSON-LD proof with the document it was made on (containers' members too).
  const signedJws = new Set<string>();
  const proofSources = new Map<string, JsonObject>();
  // SD-JWT VCs: each issuer-signed JWT with the disclosures issued with it.
  const signedDisclosures = new Map<string, Set<string>>();
  const collect = (value: Json) => {
    if (typeof value === "string" && value.includes("~")) {
      const [jwt, ...disclosures] = value.trim().split("~");
      signedDisclosures.set(jwt as string, new Set(disclosures.filter(Boolean)));
      return;
    }
    const jws = jwsOf(value);
    if (jws !== null) signedJws.add(jws);
    if (!isObject(value)) return;
    for (const proof of asList(value.proof)) if (!proofSources.has(jcs(proof))) proofSources.set(jcs(proof), value);
    for (const member of membersOf(value)) collect(member);
  };
  for (const base of bases) collect(base.document);

  function membersOf(document: JsonObject): Json[] {
    if (asList(document.type).includes("VerifiablePresentation")) return asList(document.verifiableCredential);
    return asList(document.credentialSubject).flatMap((subject) =>
      isObject(subject) ? asList(subject.verifiableCredential) : [],
    );
  }

  /** JCS of the document without proofs, its @context replaced by the proof's (undefined when it does not start with it). */
  function jcsContent(document: JsonObject, proof: JsonObject): string | undefined {
    const { proof: _proof, ...unsecured } = document;
    if (proof["@context"] !== undefined) {
      const signed = asList(proof["@context"]);
      const present = asList(document["@context"]);
      if (jcs(present.slice(0, signed.length)) !== jcs(signed)) return undefined;
      unsecured["@context"] = proof["@context"];
    }
    return jcs(unsecured);
  }

  function jcsWithout(document: JsonObject): string {
    const { proof: _proof, "@context": _context, ...rest } = document;
    return jcs(rest);
  }

  async function unchanged(value: Json): Promise<boolean> {
    if (typeof value === "string" && value.includes("~")) {
      // Unchanged: the issuer's own JWT, and only disclosures issued with it, each once (any subset may be shown).
      const [jwt, ...rest] = value.trim().split("~");
      const disclosures = rest.slice(0, -1);
      if (rest[rest.length - 1] !== "") return false;
      const issued = signedDisclosures.get(jwt as string);
      return (
        issued !== undefined &&
        disclosures.every((d) => issued.has(d)) &&
        new Set(disclosures).size === disclosures.length
      );
    }
    const jws = jwsOf(value);
    if (jws !== null) return signedJws.has(jws);
    if (!isObject(value)) return false;
    const proofs = asList(value.proof);
    if (proofs.length === 0) return false;
    for (const proof of proofs) {
      const source = proofSources.get(jcs(proof));
      if (source === undefined || !isObject(proof)) return false;
      if (proof.cryptosuite === "eddsa-jcs-2022") {
        const content = jcsContent(value, proof);
        if (content === undefined || content !== jcsContent(source, proof)) return false;
      } else {
        // A context the signed document did not list may only be added when the JSON values are the very same
        // (an inline context could otherwise make the same statements out of rearranged JSON, which Attest reads).
        const known = new Set(asList(source["@context"]).filter((c) => typeof c === "string"));
        const knownContexts = asList(value["@context"]).every((c) => typeof c === "string" && known.has(c));
        if (!knownContexts && jcsWithout(value) !== jcsWithout(source)) return false;
        const expected = await rdfcOfSource(source);
        if (expected === null || expected !== (await rdfc(value))) return false;
      }
    }
    for (const member of membersOf(value)) if (!(await unchanged(member))) return false;
    return true;
  }

  return {
    async signedContentChanged(mutated: Json): Promise<boolean> {
      return !(await unchanged(mutated));
    },
  };
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** RFC 8785 JSON canonicalisation for the values here (no lone surrogates): sorted keys, ES number form. */
function jcs(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(jcs).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${jcs(value[key] as Json)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
