import { Meilisearch } from "meilisearch";
import type { CandidateDocument, SearchEngine, SearchResult } from "#search/engine";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { createMeilisearchEngine } from "#search/meilisearch.server";
import { toSearchHit } from "#search/engine";

/**
 * One contract, every engine: the same documents and queries must give the same hits, totals and facet counts.
 * The embedded engine always runs; Meilisearch runs when MEILI_HOST points at a server (MEILI_API_KEY optional),
 * in a throw-away index that is deleted afterwards.
 *
 * With a text query only the set of hits is compared: the engines' relevance scores differ.
 */

const PY = "esco:ccd0a1d9-python";
const K8S = "esco:k8s-kubernetes";
const SQL = "esco:sql";
const DEV = "onet:15-1252.00";
const QA = "onet:15-1252.01";
/** A key that would break a naively built filter: quotes, a colon, a backslash, the word AND, parentheses. */
const AWKWARD = 'ctdl:ce-"quoted" AND (x = \\"y\\")';

type Skill = [key: string, label: string];
const skills: Record<string, Skill> = {
  py: [PY, "Python (computer programming)"],
  k8s: [K8S, "Kubernetes"],
  sql: [SQL, "SQL"],
  dev: [DEV, "Software Developers"],
  qa: [QA, "Software Quality Assurance Analysts and Testers"],
  awkward: [AWKWARD, "Data governance"],
};

function doc(fields: {
  id: string;
  displayName: string;
  headline?: string;
  verified?: Skill[];
  claimed?: Skill[];
  issuers?: string[];
  formats?: string[];
  achievementTypes?: string[];
  lastVerifiedAt?: number;
  /** Keys among `verified` whose credential came from a trusted issuer. */
  trusted?: string[];
}): CandidateDocument {
  const verified = fields.verified ?? [];
  const claimed = fields.claimed ?? [];
  return {
    id: fields.id,
    displayName: fields.displayName,
    email: `${fields.id}@example.test`,
    headline: fields.headline ?? "",
    verifiedSkills: verified.map(([key]) => key),
    claimedSkills: claimed.map(([key]) => key),
    verifiedSkillLabels: verified.map(([, label]) => label),
    claimedSkillLabels: claimed.map(([, label]) => label),
    issuers: fields.issuers ?? [],
    formats: fields.formats ?? [],
    achievementTypes: fields.achievementTypes ?? [],
    verifiedSkillCount: verified.length,
    lastVerifiedAt: fields.lastVerifiedAt ?? 0,
    vskillTrusted: fields.trusted ?? [],
  };
}

const ada = doc({
  id: "cand_ada",
  displayName: "Ada Okonkwo",
  headline: "Platform engineer",
  verified: [skills.k8s, skills.py, skills.dev],
  issuers: ["Cloud Academy", "Example University"],
  formats: ["obv3"],
  achievementTypes: ["Certificate"],
  lastVerifiedAt: 1_767_225_600,
});
/** THE TRAP: Python verified, Kubernetes only claimed. */
const ben = doc({
  id: "cand_ben",
  displayName: "Benedikt Schmidt",
  headline: "Data analyst",
  verified: [skills.py],
  claimed: [skills.k8s],
  issuers: ["Example University"],
  formats: ["obv3"],
  achievementTypes: ["Badge"],
  lastVerifiedAt: 1_767_312_000,
});
/** The mirror image: Kubernetes verified, Python only claimed; and O*NET .01, not .00. */
const chen = doc({
  id: "cand_chen",
  displayName: "Chen Wei",
  headline: "Site reliability engineer",
  verified: [skills.k8s, skills.qa],
  claimed: [skills.py],
  issuers: ["Cloud Academy"],
  formats: ["ob2", "obv3"],
  achievementTypes: ["Certificate"],
  lastVerifiedAt: 1_760_000_000,
});
const dana = doc({
  id: "cand_dana",
  displayName: "Dana Ferreira",
  verified: [skills.awkward],
  claimed: [skills.py],
  issuers: ["Example University"],
  formats: ["clr2"],
  lastVerifiedAt: 1_750_000_000,
});
const eve = doc({ id: "cand_eve", displayName: "Eve Martin", headline: "Recruiting coordinator" });
/** Same count and date as Ben: the id decides. */
const fay = doc({
  id: "cand_fay",
  displayName: "Fay Olsen",
  headline: "Database administrator",
  verified: [skills.sql],
  issuers: ["Cloud Academy"],
  formats: ["ob2"],
  achievementTypes: ["Badge"],
  lastVerifiedAt: 1_767_312_000,
});
const everyone = [ada, ben, chen, dana, eve, fay];
/** Without a text query: verifiedSkillCount desc, lastVerifiedAt desc, id. */
const defaultOrder = ["cand_ada", "cand_chen", "cand_ben", "cand_fay", "cand_dana", "cand_eve"];

const meiliHost = process.env.MEILI_HOST?.trim();
const meiliIndex = `attest_contract_${process.pid}_${Date.now()}`;

interface EngineCase {
  label: string;
  skipped: boolean;
  create: () => SearchEngine;
  dispose: () => Promise<void>;
}

const engines: EngineCase[] = [
  { label: "embedded (Orama)", skipped: false, create: createEmbeddedEngine, dispose: async () => {} },
  {
    label: meiliHost ? `meilisearch at ${meiliHost}` : "meilisearch: SKIPPED because MEILI_HOST is not set",
    skipped: !meiliHost,
    create: () =>
      createMeilisearchEngine({ host: meiliHost ?? "", apiKey: process.env.MEILI_API_KEY, indexName: meiliIndex }),
    dispose: async () => {
      const client = new Meilisearch({ host: meiliHost ?? "", apiKey: process.env.MEILI_API_KEY });
      await client.deleteIndex(meiliIndex).waitTask({ timeout: 60_000 });
    },
  },
];

const ids = (result: SearchResult) => result.hits.map((hit) => hit.id);
const idSet = (result: SearchResult) => ids(result).sort();

describe.each(engines)("search contract: $label", ({ skipped, create, dispose }) => {
  const it = skipped ? test.skip : test;
  let engine: SearchEngine;

  beforeAll(async () => {
    if (skipped) return;
    engine = create();
    await engine.prepare();
    await engine.prepare(); // idempotent
  });

  afterAll(async () => {
    if (skipped) return;
    await engine.close();
    await dispose();
  });

  beforeEach(async () => {
    if (skipped) return;
    await engine.clear();
    await engine.upsert(everyone);
  });

  it("THE TRAP: X verified and Y only claimed does not match 'X and Y verified'", async () => {
    const result = await engine.search({ verifiedSkills: [PY, K8S] });
    expect(ids(result)).toEqual(["cand_ada"]);
    expect(result.total).toBe(1);
  });

  it("with includeClaimed, each key may be verified or claimed, per key", async () => {
    const result = await engine.search({ verifiedSkills: [PY, K8S], includeClaimed: true });
    // Ben: Python verified + Kubernetes claimed; Chen: the other way round. Fay has neither.
    expect(ids(result)).toEqual(["cand_ada", "cand_chen", "cand_ben"]);
    expect(result.total).toBe(3);
  });

  it("verifiedSkills is AND, anySkills is OR, and both together are AND", async () => {
    expect(ids(await engine.search({ verifiedSkills: [PY, DEV] }))).toEqual(["cand_ada"]);
    expect(ids(await engine.search({ anySkills: [DEV, SQL] }))).toEqual(["cand_ada", "cand_fay"]);
    expect(ids(await engine.search({ anySkills: [PY] }))).toEqual(["cand_ada", "cand_ben"]);
    expect(ids(await engine.search({ verifiedSkills: [K8S], anySkills: [PY, SQL] }))).toEqual(["cand_ada"]);
    expect(ids(await engine.search({ verifiedSkills: [K8S], anySkills: [PY, SQL], includeClaimed: true }))).toEqual([
      "cand_ada",
      "cand_chen",
      "cand_ben",
    ]);
  });

  it("excludedSkills drops every candidate holding one of them verified (held at all with includeClaimed)", async () => {
    // Python verified: Ada and Ben; Ada also holds Kubernetes verified, Ben only claimed.
    expect(ids(await engine.search({ anySkills: [PY], excludedSkills: [K8S] }))).toEqual(["cand_ben"]);
    expect(ids(await engine.search({ anySkills: [PY], excludedSkills: [K8S], includeClaimed: true }))).not.toContain(
      "cand_ben",
    );
    expect(ids(await engine.search({ anySkills: [PY], excludedSkills: [K8S.toUpperCase(), AWKWARD] }))).toEqual([
      "cand_ben",
    ]);
    const without = await engine.search({ excludedSkills: [PY, K8S], limit: 100 });
    const everyone = await engine.search({ limit: 100 });
    const holders = new Set([...ids(await engine.search({ anySkills: [PY, K8S], limit: 100 }))]);
    expect(without.total).toBe(everyone.total - holders.size);
    expect(ids(without).some((id) => holders.has(id))).toBe(false);
    // The facets count only what is left: nobody left holds an excluded skill verified.
    expect(without.facets.verifiedSkills[PY]).toBeUndefined();
  });

  it("a code matches exactly, never fuzzily or by prefix (case aside)", async () => {
    expect(ids(await engine.search({ verifiedSkills: [QA] }))).toEqual(["cand_chen"]);
    expect(ids(await engine.search({ verifiedSkills: [DEV] }))).toEqual(["cand_ada"]);
    expect(ids(await engine.search({ anySkills: ["onet:15-1252"] }))).toEqual([]);
    expect(ids(await engine.search({ anySkills: ["onet:15-1252.0"] }))).toEqual([]);
    expect(ids(await engine.search({ verifiedSkills: [DEV.toUpperCase()] }))).toEqual(["cand_ada"]);
  });

  it("codes are not searchable as text", async () => {
    expect((await engine.search({ q: "15-1252.00" })).total).toBe(0);
    expect((await engine.search({ q: "ccd0a1d9" })).total).toBe(0);
  });

  it("a key with quotes, a colon, a backslash and filter words is matched literally", async () => {
    expect(ids(await engine.search({ verifiedSkills: [AWKWARD] }))).toEqual(["cand_dana"]);
    expect(ids(await engine.search({ anySkills: [AWKWARD, SQL], includeClaimed: true }))).toEqual([
      "cand_fay",
      "cand_dana",
    ]);
    expect(ids(await engine.search({ verifiedSkills: ['ctdl:ce-"quoted"'] }))).toEqual([]);
  });

  it("a text query with a typo finds the candidate by name", async () => {
    expect(ids(await engine.search({ q: "Okonkwa" }))).toEqual(["cand_ada"]);
    expect(ids(await engine.search({ q: "Schmitt" }))).toEqual(["cand_ben"]);
  });

  it("a text query with a typo finds candidates by skill label, verified or claimed", async () => {
    expect(idSet(await engine.search({ q: "Kubernetis" }))).toEqual(["cand_ada", "cand_ben", "cand_chen"]);
    // With the verified filter, Ben's claimed Kubernetes no longer counts.
    expect(idSet(await engine.search({ q: "Kubernetis", verifiedSkills: [K8S] }))).toEqual(["cand_ada", "cand_chen"]);
  });

  it("every word of a text query must match, in any field", async () => {
    expect(ids(await engine.search({ q: "Ada Kubernetes" }))).toEqual(["cand_ada"]);
    expect(ids(await engine.search({ q: "Okonkwo Zyxwvut" }))).toEqual([]);
  });

  it("only the last word of a text query matches as a prefix (search as you type), the others as whole words", async () => {
    const whole = doc({ id: "cand_zebra", displayName: "Yusuf Quill", headline: "Zebra keeper" });
    const longer = doc({ id: "cand_zebrafish", displayName: "Xena Quill", headline: "Zebrafish keeper" });
    await engine.upsert([whole, longer]);
    try {
      // "zebra" before another word is a whole word: it does not find "Zebrafish".
      expect(idSet(await engine.search({ q: "zebra keeper" }))).toEqual(["cand_zebra"]);
      // As the last word it is a prefix, still being typed.
      expect(idSet(await engine.search({ q: "keeper zebra" }))).toEqual(["cand_zebra", "cand_zebrafish"]);
      expect(idSet(await engine.search({ q: "zebr" }))).toEqual(["cand_zebra", "cand_zebrafish"]);
      expect(idSet(await engine.search({ q: "zebr keeper" }))).toEqual([]);
    } finally {
      await engine.remove([whole.id, longer.id]);
    }
  });

  it("facet counts reflect the filters, sorted by count then value", async () => {
    const result = await engine.search({ verifiedSkills: [PY] });
    expect(result.total).toBe(2);
    // Only verified skills are counted: Ben's claimed Kubernetes is not.
    expect(Object.entries(result.facets.verifiedSkills)).toEqual([
      [PY, 2],
      [K8S, 1],
      [DEV, 1],
    ]);
    expect(Object.entries(result.facets.issuers)).toEqual([
      ["Example University", 2],
      ["Cloud Academy", 1],
    ]);
    expect(result.facets.formats).toEqual({ obv3: 2 });
    expect(Object.entries(result.facets.achievementTypes)).toEqual([
      ["Badge", 1],
      ["Certificate", 1],
    ]);
  });

  it("facet counts reflect the text query", async () => {
    const result = await engine.search({ q: "engineer" });
    expect(idSet(result)).toEqual(["cand_ada", "cand_chen"]);
    expect(Object.entries(result.facets.verifiedSkills)).toEqual([
      [K8S, 2],
      [PY, 1],
      [DEV, 1],
      [QA, 1],
    ]);
    expect(result.facets.formats).toEqual({ obv3: 2, ob2: 1 });
  });

  it("facets cover every match, not just the page, and carry all five fields", async () => {
    const result = await engine.search({ limit: 1 });
    expect(result.hits).toHaveLength(1);
    expect(Object.keys(result.facets).sort()).toEqual([
      "achievementTypes",
      "formats",
      "issuers",
      "verifiedSkills",
      "vskillTrusted",
    ]);
    expect(result.facets.issuers).toEqual({ "Example University": 3, "Cloud Academy": 3 });
    expect(result.facets.verifiedSkills[PY]).toBe(2);
  });

  it("a facet keeps the 100 most frequent values", async () => {
    const many: Skill[] = Array.from({ length: 120 }, (_, i) => [
      `esco:many-${String(i).padStart(3, "0")}`,
      `Skill ${i}`,
    ]);
    await engine.upsert([
      doc({ id: "cand_many", displayName: "Mona Many", verified: many, lastVerifiedAt: 1 }),
      doc({ id: "cand_some", displayName: "Sam Some", verified: many.slice(110), lastVerifiedAt: 1 }),
    ]);
    const result = await engine.search({ anySkills: [many[0][0], many[119][0]] });
    const entries = Object.entries(result.facets.verifiedSkills);
    expect(entries).toHaveLength(100);
    expect(entries.slice(0, 10)).toEqual(many.slice(110).map(([key]) => [key, 2]));
    expect(entries.slice(10).every(([, count]) => count === 1)).toBe(true);
  });

  it("without a text query, orders by verified skill count, then last verification, then id", async () => {
    const result = await engine.search({});
    expect(ids(result)).toEqual(defaultOrder);
    expect(result.total).toBe(6);
  });

  it("pages with limit and offset, and total counts every match", async () => {
    const page = async (offset: number, limit: number) => {
      const result = await engine.search({ offset, limit });
      expect(result.total).toBe(6);
      return ids(result);
    };
    expect(await page(0, 2)).toEqual(defaultOrder.slice(0, 2));
    expect(await page(2, 2)).toEqual(defaultOrder.slice(2, 4));
    expect(await page(3, 2)).toEqual(defaultOrder.slice(3, 5));
    expect(await page(5, 4)).toEqual(defaultOrder.slice(5));
    expect(await page(10, 2)).toEqual([]);
    expect(await page(0, 0)).toEqual([]);
    const filtered = await engine.search({ anySkills: [PY, K8S], limit: 1, offset: 1 });
    expect(ids(filtered)).toEqual(["cand_chen"]);
    expect(filtered.total).toBe(3);
  });

  it("total counts every match past 1,000 (Meilisearch stops counting at pagination.maxTotalHits)", async () => {
    const many = Array.from({ length: 1_234 }, (_, i) =>
      doc({
        id: `cand_many_${String(i).padStart(4, "0")}`,
        displayName: `Many Quokka${i}`,
        headline: "Quokka wrangler",
        verified: [skills.sql],
      }),
    );
    await engine.upsert(many);
    try {
      expect((await engine.search({ q: "wrangler", limit: 5 })).total).toBe(1_234);
      expect((await engine.search({ verifiedSkills: [SQL], limit: 5 })).total).toBe(1_234 + 1);
      const deep = await engine.search({ q: "wrangler", offset: 1_220, limit: 20 });
      expect(deep.hits).toHaveLength(14);
    } finally {
      await engine.remove(many.map((candidate) => candidate.id));
    }
  });

  it("a hit carries the display fields of its document", async () => {
    const result = await engine.search({ verifiedSkills: [QA] });
    expect(result.hits).toEqual([toSearchHit(chen)]);
  });

  it("results are copies: changing them changes neither the index nor later results", async () => {
    const first = await engine.search({ verifiedSkills: [PY] });
    first.hits[0].verifiedSkills.push(SQL);
    first.facets.verifiedSkills[PY] = 99;
    ada.verifiedSkills.push("esco:mutated-after-upsert");
    try {
      const again = await engine.search({ verifiedSkills: [PY] });
      expect(again.hits[0]).toEqual(toSearchHit({ ...ada, verifiedSkills: [K8S, PY, DEV] }));
      expect(again.facets.verifiedSkills[PY]).toBe(2);
      expect(ids(await engine.search({ anySkills: ["esco:mutated-after-upsert"] }))).toEqual([]);
    } finally {
      ada.verifiedSkills.pop();
    }
  });

  it("upsert replaces: a skill turned from verified to claimed stops matching", async () => {
    const demoted = doc({
      id: "cand_ada",
      displayName: "Ada Okonkwo",
      headline: "Platform engineer",
      verified: [skills.k8s, skills.dev],
      claimed: [skills.py],
      lastVerifiedAt: 1_767_225_600,
    });
    expect(ids(await engine.search({ verifiedSkills: [PY] }))).toEqual(["cand_ada", "cand_ben"]);
    await engine.upsert([demoted]);
    expect(ids(await engine.search({ verifiedSkills: [PY] }))).toEqual(["cand_ben"]);
    expect(ids(await engine.search({ verifiedSkills: [PY, K8S] }))).toEqual([]);
    expect(ids(await engine.search({ verifiedSkills: [PY, K8S], includeClaimed: true }))).toEqual([
      "cand_ada",
      "cand_chen",
      "cand_ben",
    ]);
    const all = await engine.search({});
    expect(all.total).toBe(6);
    expect(all.facets.issuers).toEqual({ "Cloud Academy": 2, "Example University": 2 });
  });

  it("upsert replaces the text too", async () => {
    expect(ids(await engine.search({ q: "Okonkwo" }))).toEqual(["cand_ada"]);
    await engine.upsert([{ ...ada, displayName: "Ada Lovelace" }]);
    expect(ids(await engine.search({ q: "Okonkwo" }))).toEqual([]);
    expect(ids(await engine.search({ q: "Lovelace" }))).toEqual(["cand_ada"]);
  });

  it("concurrent upserts of one id leave exactly one version of it", async () => {
    const renamed = { ...ada, displayName: "Ada Lovelace" };
    await Promise.all([engine.upsert([ada]), engine.upsert([renamed]), engine.upsert([ada, renamed])]);
    const all = await engine.search({});
    expect(all.total).toBe(6);
    expect(all.hits.filter((hit) => hit.id === "cand_ada")).toEqual([toSearchHit(renamed)]);
  });

  it("remove deletes by id, and unknown ids are ignored", async () => {
    expect((await engine.search({})).total).toBe(6);
    await engine.remove(["cand_ben", "cand_nobody"]);
    const all = await engine.search({});
    expect(ids(all)).toEqual(defaultOrder.filter((id) => id !== "cand_ben"));
    expect(all.total).toBe(5);
    expect(ids(await engine.search({ anySkills: [PY] }))).toEqual(["cand_ada"]);
    expect(ids(await engine.search({ q: "Benedikt" }))).toEqual([]);
    await engine.remove([]);
    expect((await engine.search({})).total).toBe(5);
  });

  it("listDocuments pages through every stored document, and getDocuments reads them by id", async () => {
    const byId = (documents: CandidateDocument[]) =>
      [...documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const first = await engine.listDocuments({ offset: 0, limit: 4 });
    const second = await engine.listDocuments({ offset: 4, limit: 4 });
    expect(first.total).toBe(6);
    expect(first.documents).toHaveLength(4);
    expect(second.documents).toHaveLength(2);
    expect(byId([...first.documents, ...second.documents])).toEqual(byId(everyone));
    expect((await engine.listDocuments({ offset: 6, limit: 4 })).documents).toEqual([]);

    const renamed = { ...ada, displayName: "Ada Lovelace", claimedSkills: [SQL], claimedSkillLabels: ["SQL"] };
    await engine.upsert([renamed]);
    await engine.remove(["cand_ben"]);
    const all = await engine.listDocuments({ offset: 0, limit: 100 });
    expect(all.total).toBe(5);
    expect(byId(all.documents)).toEqual(byId([renamed, chen, dana, eve, fay]));
    expect(await engine.getDocuments(["cand_ada", "cand_nobody", "cand_ben", "cand_ada"])).toEqual([renamed]);
    expect(byId(await engine.getDocuments(["cand_fay", "cand_eve"]))).toEqual([eve, fay]);
    expect(await engine.getDocuments([])).toEqual([]);
  });

  describe("trust, any-of filters, sort, disjunctive facets, skill suggestions", () => {
    /** THE TRUST TRAP: Python verified by an untrusted issuer, Kubernetes verified by a trusted one. */
    const gil = doc({
      id: "cand_gil",
      displayName: "Gil Navarro",
      verified: [skills.k8s, skills.py],
      trusted: [K8S],
      issuers: ["Self-Declared Academy", "Trusted Institute"],
      formats: ["obv3"],
      lastVerifiedAt: 1_700_000_000,
    });
    /** Both trusted. */
    const hana = doc({
      id: "cand_hana",
      displayName: "Hana Sato",
      verified: [skills.k8s, skills.py],
      trusted: [K8S, PY],
      issuers: ["Trusted Institute"],
      formats: ["obv3"],
      lastVerifiedAt: 1_690_000_000,
    });

    it("THE TRUST TRAP: X from an untrusted issuer and Y from a trusted one do not match 'X and Y trusted'", async () => {
      await engine.upsert([gil, hana]);
      expect(ids(await engine.search({ verifiedSkills: [PY, K8S], trustedOnly: true }))).toEqual(["cand_hana"]);
      expect(ids(await engine.search({ verifiedSkills: [PY, K8S] }))).toEqual(["cand_ada", "cand_gil", "cand_hana"]);
      expect(ids(await engine.search({ verifiedSkills: [K8S], trustedOnly: true }))).toEqual(["cand_gil", "cand_hana"]);
      expect(ids(await engine.search({ anySkills: [PY, SQL], trustedOnly: true }))).toEqual(["cand_hana"]);
      expect(ids(await engine.search({ verifiedSkills: [PY.toUpperCase()], trustedOnly: true }))).toEqual([
        "cand_hana",
      ]);
    });

    it("trustedOnly never accepts claimed skills, and alone requires some trusted skill", async () => {
      await engine.upsert([gil, hana]);
      // Ben holds Kubernetes only claimed: includeClaimed does not make it trusted evidence.
      expect(ids(await engine.search({ verifiedSkills: [K8S], trustedOnly: true, includeClaimed: true }))).toEqual([
        "cand_gil",
        "cand_hana",
      ]);
      const trusted = await engine.search({ trustedOnly: true });
      expect(ids(trusted)).toEqual(["cand_gil", "cand_hana"]);
      expect(trusted.total).toBe(2);
    });

    it("the trust facet counts, per verified skill, the matches whose skill a registered issuer backs", async () => {
      await engine.upsert([gil, hana]);
      const all = await engine.search({ limit: 0 });
      // Python: verified for Ada, Ben, Gil and Hana, from a registered issuer for Hana only; Kubernetes: Gil and Hana.
      expect(all.facets.verifiedSkills[PY]).toBe(4);
      expect(all.facets.vskillTrusted).toEqual({ [K8S]: 2, [PY]: 1 });
      // It reflects the query and filters like the skill facet.
      const named = await engine.search({ q: "Gil", limit: 0 });
      expect(named.facets.vskillTrusted).toEqual({ [K8S]: 1 });
      const trusted = await engine.search({ verifiedSkills: [PY], trustedOnly: true, limit: 0 });
      expect(trusted.facets.vskillTrusted).toEqual({ [K8S]: 1, [PY]: 1 });
      // Removing the trusted documents removes their counts.
      await engine.remove([hana.id]);
      expect((await engine.search({ limit: 0 })).facets.vskillTrusted).toEqual({ [K8S]: 1 });
      await engine.upsert([{ ...gil, vskillTrusted: [] }]);
      expect((await engine.search({ limit: 0 })).facets.vskillTrusted).toEqual({});
    });

    it("issuers, formats and achievementTypes are any-of, case-insensitive, and AND with the rest", async () => {
      expect(ids(await engine.search({ issuers: ["Cloud Academy"] }))).toEqual(["cand_ada", "cand_chen", "cand_fay"]);
      expect(ids(await engine.search({ issuers: ["cloud academy"] }))).toEqual(["cand_ada", "cand_chen", "cand_fay"]);
      expect(ids(await engine.search({ issuers: ["Cloud Academy", "Example University"] }))).toEqual([
        "cand_ada",
        "cand_chen",
        "cand_ben",
        "cand_fay",
        "cand_dana",
      ]);
      expect(ids(await engine.search({ issuers: ["Cloud Academy"], verifiedSkills: [PY] }))).toEqual(["cand_ada"]);
      expect(ids(await engine.search({ issuers: ["Nobody"] }))).toEqual([]);
      expect(ids(await engine.search({ formats: ["ob2"] }))).toEqual(["cand_chen", "cand_fay"]);
      expect(ids(await engine.search({ formats: ["ob2", "clr2"] }))).toEqual(["cand_chen", "cand_fay", "cand_dana"]);
      expect(ids(await engine.search({ achievementTypes: ["Badge"] }))).toEqual(["cand_ben", "cand_fay"]);
      expect(ids(await engine.search({ achievementTypes: ["Badge"], formats: ["obv3"] }))).toEqual(["cand_ben"]);
      expect(idSet(await engine.search({ q: "engineer", issuers: ["Example University"] }))).toEqual(["cand_ada"]);
    });

    it("verifiedSince keeps candidates verified at or after the given time", async () => {
      expect(ids(await engine.search({ verifiedSince: 1_767_225_600 }))).toEqual(["cand_ada", "cand_ben", "cand_fay"]);
      expect(ids(await engine.search({ verifiedSince: 1_767_225_601 }))).toEqual(["cand_ben", "cand_fay"]);
      expect(ids(await engine.search({ verifiedSince: 1_767_225_600, anySkills: [K8S] }))).toEqual(["cand_ada"]);
      expect((await engine.search({ verifiedSince: 2_000_000_000 })).total).toBe(0);
    });

    it("facets of an any-of group ignore that group's own filter, and apply every other one", async () => {
      const one = await engine.search({ issuers: ["Cloud Academy"] });
      expect(one.total).toBe(3);
      expect(one.facets.issuers).toEqual({ "Cloud Academy": 3, "Example University": 3 });
      expect(one.facets.formats).toEqual({ ob2: 2, obv3: 2 });
      expect(Object.entries(one.facets.verifiedSkills)).toEqual([
        [K8S, 2],
        [PY, 1],
        [SQL, 1],
        [DEV, 1],
        [QA, 1],
      ]);

      const two = await engine.search({ issuers: ["Cloud Academy"], formats: ["ob2"] });
      expect(ids(two)).toEqual(["cand_chen", "cand_fay"]);
      // Issuers among ob2 holders (Chen, Fay); formats among Cloud Academy holders (Ada, Chen, Fay).
      expect(two.facets.issuers).toEqual({ "Cloud Academy": 2 });
      expect(two.facets.formats).toEqual({ ob2: 2, obv3: 2 });
      expect(two.facets.achievementTypes).toEqual({ Badge: 1, Certificate: 1 });
      expect(two.facets.verifiedSkills).toEqual({ [K8S]: 1, [SQL]: 1, [QA]: 1 });

      // The skill filter is never lifted: it narrows every group.
      const withSkill = await engine.search({ verifiedSkills: [PY], issuers: ["Cloud Academy"], limit: 0 });
      expect(withSkill.total).toBe(1);
      expect(withSkill.facets.issuers).toEqual({ "Example University": 2, "Cloud Academy": 1 });
      expect(withSkill.facets.formats).toEqual({ obv3: 1 });
    });

    it("sort orders by verified skill count or by last verification, with or without text", async () => {
      expect(ids(await engine.search({ sort: "lastVerifiedAt" }))).toEqual([
        "cand_ben",
        "cand_fay",
        "cand_ada",
        "cand_chen",
        "cand_dana",
        "cand_eve",
      ]);
      expect(ids(await engine.search({ sort: "verifiedSkillCount" }))).toEqual(defaultOrder);
      expect(ids(await engine.search({ sort: "relevance" }))).toEqual(defaultOrder);
      // "Python" is a verified or claimed label of Ada, Ben, Chen and Dana.
      expect(ids(await engine.search({ q: "Python", sort: "lastVerifiedAt" }))).toEqual([
        "cand_ben",
        "cand_ada",
        "cand_chen",
        "cand_dana",
      ]);
      expect(ids(await engine.search({ q: "Python", sort: "verifiedSkillCount" }))).toEqual([
        "cand_ada",
        "cand_chen",
        "cand_ben",
        "cand_dana",
      ]);
      const paged = await engine.search({ sort: "lastVerifiedAt", offset: 1, limit: 2 });
      expect(ids(paged)).toEqual(["cand_fay", "cand_ada"]);
      expect(paged.total).toBe(6);
    });

    it("suggestSkills matches the start of any word of a label, without typos, counting verified holders", async () => {
      const python = { key: PY, label: "Python (computer programming)", count: 2 };
      // Chen and Dana hold Python only claimed: not counted.
      expect(await engine.suggestSkills("py")).toEqual([python]);
      expect(await engine.suggestSkills("PROG")).toEqual([python]);
      expect(await engine.suggestSkills("computer prog")).toEqual([python]);
      expect(await engine.suggestSkills("soft")).toEqual([
        { key: DEV, label: "Software Developers", count: 1 },
        { key: QA, label: "Software Quality Assurance Analysts and Testers", count: 1 },
      ]);
      expect(await engine.suggestSkills("soft", 1)).toEqual([{ key: DEV, label: "Software Developers", count: 1 }]);
      expect(await engine.suggestSkills("data gov")).toEqual([{ key: AWKWARD, label: "Data governance", count: 1 }]);
      expect(await engine.suggestSkills("ftware")).toEqual([]);
      expect(await engine.suggestSkills("kubernetis")).toEqual([]);
      expect(await engine.suggestSkills("  ")).toEqual([]);
      expect(await engine.suggestSkills("ccd0a1d9")).toEqual([]);
    });

    it("suggestSkills follows upserts and removals: counts, and the most frequent label", async () => {
      const key = "esco:welding";
      const welder = (id: string, label: string) =>
        doc({ id, displayName: id, verified: [[key, label]], lastVerifiedAt: 1 });
      await engine.upsert([welder("w1", "Welding"), welder("w2", "Welding"), welder("w3", "Arc welding")]);
      expect(await engine.suggestSkills("weld")).toEqual([{ key, label: "Welding", count: 3 }]);
      expect(await engine.suggestSkills("arc")).toEqual([]);
      await engine.remove(["w1"]);
      // One each: the tie goes to code-unit order.
      expect(await engine.suggestSkills("weld")).toEqual([{ key, label: "Arc welding", count: 2 }]);
      await engine.upsert([doc({ id: "w2", displayName: "w2", claimed: [[key, "Welding"]] })]);
      expect(await engine.suggestSkills("weld")).toEqual([{ key, label: "Arc welding", count: 1 }]);
      await engine.remove(["w3"]);
      expect(await engine.suggestSkills("weld")).toEqual([]);
      await engine.remove(["cand_ben"]);
      expect(await engine.suggestSkills("python")).toEqual([
        { key: PY, label: "Python (computer programming)", count: 1 },
      ]);
      await engine.clear();
      expect(await engine.suggestSkills("python")).toEqual([]);
    });
  });

  it("clear removes every document, and the engine accepts documents again", async () => {
    expect((await engine.search({ q: "Okonkwo" })).total).toBe(1);
    await engine.clear();
    const empty = await engine.search({});
    expect(empty.total).toBe(0);
    expect(empty.hits).toEqual([]);
    expect(empty.facets.verifiedSkills).toEqual({});
    expect((await engine.search({ q: "Okonkwo" })).total).toBe(0);
    await engine.upsert([fay]);
    expect(ids(await engine.search({}))).toEqual(["cand_fay"]);
  });
});
