import { tokenizer as oramaTokenizer } from "@orama/orama/components";
import { buildCandidates } from "../../bench/search";
import { toSearchHit, type CandidateDocument, type SearchQuery, type SearchResult } from "#search/engine";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { typoBudget } from "#search/embedded/text";
import {
  DISJUNCTIVE_GROUPS,
  FACET_FIELDS,
  TEXT_FIELDS,
  compareByDefaultOrder,
  compareByLastVerified,
  normalizeQuery,
  toFacetCounts,
} from "#search/query";
import { seededRandom as random } from "#app/demo/seeded-random";

/**
 * The embedded engine's indexes (vocabulary expansion, postings with dead slots, top-k selection, facet counts
 * by complement) against a plain reference that scans every document, on the benchmark's synthetic data and
 * random queries. The contract suite checks the semantics on hand-made cases; this checks that the shortcuts
 * give the same answers at a size where they kick in.
 */

const tokenizer = oramaTokenizer.createTokenizer();
const BOOST = { displayName: 3, headline: 2, verifiedSkillLabels: 2, claimedSkillLabels: 1 } as const;

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1);
    }
    previous = current;
  }
  return previous[b.length];
}

/** Relevance of a document for the query words (0: no match), as the engine defines it. */
const wordsOf = new WeakMap<CandidateDocument, [string, number][]>();
const kinds = new Map<string, number>();

function textScore(document: CandidateDocument, terms: string[]): number {
  let words = wordsOf.get(document);
  if (words === undefined) {
    words = TEXT_FIELDS.flatMap((field) => {
      const value = document[field];
      return (typeof value === "string" ? [value] : value).flatMap((text) =>
        tokenizer.tokenize(text).map((word): [string, number] => [word, BOOST[field]]),
      );
    });
    wordsOf.set(document, words);
  }
  let total = 0;
  for (const term of terms) {
    let best = 0;
    for (const [word, boost] of words) {
      const pair = `${term}\u0000${word}`;
      let kind = kinds.get(pair);
      if (kind === undefined) {
        kind = word === term ? 1 : word.startsWith(term) ? 0.75 : levenshtein(term, word) <= typoBudget(term) ? 0.5 : 0;
        kinds.set(pair, kind);
      }
      best = Math.max(best, kind * boost);
    }
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

function reference(documents: CandidateDocument[], query: SearchQuery): SearchResult {
  const q = normalizeQuery(query);
  const terms = q.q === "" ? [] : [...new Set(tokenizer.tokenize(q.q))];
  const lower = (values: string[]) => values.map((value) => value.toLowerCase());
  const skillsOf = (d: CandidateDocument) =>
    lower(
      q.trustedOnly ? d.vskillTrusted : q.includeClaimed ? [...d.verifiedSkills, ...d.claimedSkills] : d.verifiedSkills,
    );
  const passes = (d: CandidateDocument, excluded: string | null) => {
    const skills = skillsOf(d);
    if (!q.verifiedSkills.every((key) => skills.includes(key.toLowerCase()))) return false;
    if (q.anySkills.length > 0 && !q.anySkills.some((key) => skills.includes(key.toLowerCase()))) return false;
    if (q.trustedOnly && q.verifiedSkills.length === 0 && q.anySkills.length === 0 && d.vskillTrusted.length === 0) {
      return false;
    }
    for (const group of DISJUNCTIVE_GROUPS) {
      if (group === excluded || q[group].length === 0) continue;
      if (!lower(q[group]).some((value) => lower(d[group]).includes(value))) return false;
    }
    return q.verifiedSince === null || d.lastVerifiedAt >= q.verifiedSince;
  };
  const scores = new Map(documents.map((d) => [d.id, terms.length === 0 ? 1 : textScore(d, terms)]));
  const base = documents.filter((d) => (scores.get(d.id) ?? 0) > 0);
  const matched = base.filter((d) => passes(d, null));
  const count = (docs: CandidateDocument[], field: (typeof FACET_FIELDS)[number]) => {
    const counts = new Map<string, number>();
    for (const d of docs) for (const value of new Set(d[field])) counts.set(value, (counts.get(value) ?? 0) + 1);
    return toFacetCounts(counts);
  };
  const facets = Object.fromEntries(FACET_FIELDS.map((field) => [field, count(matched, field)]));
  for (const group of DISJUNCTIVE_GROUPS) {
    if (q[group].length > 0)
      facets[group] = count(
        base.filter((d) => passes(d, group)),
        group,
      );
  }
  const order = q.sort === "lastVerifiedAt" ? compareByLastVerified : compareByDefaultOrder;
  const byScore = terms.length > 0 && q.sort === "relevance";
  const sorted = [...matched].sort(
    (a, b) => (byScore ? (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0) : 0) || order(a, b),
  );
  return { total: matched.length, hits: sorted.slice(q.offset, q.offset + q.limit).map(toSearchHit), facets };
}

function randomQueries(count: number, seed: number): SearchQuery[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const texts = [
    "engineer",
    "enginer",
    "senior engineer",
    "data",
    "python",
    "pyton",
    "programming",
    "progamming",
    "Okonkwo",
    "okonkwa",
    "eng",
    "e",
    "security analysis",
    "kubernetes",
    "kubernetis",
    "lead",
    "Zyxwvut",
    "site reliability",
    "sql 3",
    "machine learning",
    "Schmidt",
    "schmit",
    "rust",
    "welding",
  ];
  const skill = () => `esco:s${String(Math.floor(rnd() ** 2 * 60)).padStart(4, "0")}`;
  const out: SearchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const query: SearchQuery = {};
    if (rnd() < 0.6) query.q = pick(texts);
    if (rnd() < 0.4) query.verifiedSkills = Array.from({ length: 1 + Math.floor(rnd() * 2) }, skill);
    if (rnd() < 0.2)
      query.anySkills = Array.from({ length: 1 + Math.floor(rnd() * 3) }, skill).map((key) =>
        rnd() < 0.3 ? key.toUpperCase() : key,
      );
    if (rnd() < 0.2) query.includeClaimed = true;
    if (rnd() < 0.15) query.trustedOnly = true;
    if (rnd() < 0.25)
      query.issuers = [`Issuer ${pick([..."ABCDEFGH"])} University`, ...(rnd() < 0.5 ? ["issuer c university"] : [])];
    if (rnd() < 0.25) query.formats = [pick(["obv3", "ob2", "clr2"])];
    if (rnd() < 0.15)
      query.achievementTypes = [pick(["Certificate", "Badge", "Degree"]), pick(["License", "Competency"])];
    if (rnd() < 0.15) query.verifiedSince = 1_767_225_600 - Math.floor(rnd() * 2 * 365 * 86400);
    if (rnd() < 0.3) query.sort = pick(["relevance", "verifiedSkillCount", "lastVerifiedAt"] as const);
    if (rnd() < 0.3) query.offset = Math.floor(rnd() * 60);
    if (rnd() < 0.3) query.limit = pick([0, 1, 5, 50, 500]);
    out.push(query);
  }
  return out;
}

describe("the embedded engine's indexes agree with a full scan", () => {
  test("on synthetic candidates and random queries, through replacements, removals and a rebuild", async () => {
    const engine = createEmbeddedEngine({ cachedQueries: 0 });
    const cached = createEmbeddedEngine();
    let documents = buildCandidates(2500, 11);
    const check = async (queries: SearchQuery[]) => {
      for (const query of queries) {
        const expected = reference(documents, query);
        const actual = await engine.search(query);
        expect({ query, result: actual }).toEqual({ query, result: expected });
        // The result cache keeps more hits than a page: paging through it gives the same answers.
        expect(await cached.search(query)).toEqual(expected);
      }
    };
    for (const target of [engine, cached]) await target.upsert(documents);
    await check(randomQueries(120, 1));

    // Replace a third (new names and skills under the same ids) and remove a fifth: dead slots in postings.
    const replacements = buildCandidates(900, 12).map((d, i) => ({ ...d, id: documents[i * 2].id }));
    const removed = documents.filter((_, i) => i % 5 === 1).map((d) => d.id);
    for (const target of [engine, cached]) {
      await target.upsert(replacements);
      await target.remove(removed);
    }
    const byId = new Map(documents.map((d) => [d.id, d]));
    for (const d of replacements) byId.set(d.id, d);
    for (const id of removed) byId.delete(id);
    documents = [...byId.values()];
    await check(randomQueries(80, 2));

    // Enough removals to rebuild the index from the live documents, then new ones on top.
    const gone = documents.slice(0, 1500).map((d) => d.id);
    const added = buildCandidates(300, 13).map((d) => ({ ...d, id: `${d.id}_new` }));
    for (const target of [engine, cached]) {
      await target.remove(gone);
      await target.upsert(added);
    }
    documents = [...documents.slice(1500), ...added];
    await check(randomQueries(80, 3));
  }, 120_000);

  test("case variants of one value count once, and a word repeated across fields is one match", async () => {
    const engine = createEmbeddedEngine();
    const [base] = buildCandidates(1, 5);
    await engine.upsert([
      {
        ...base,
        displayName: "Python Person",
        headline: "python python engineer",
        issuers: ["Acme", "ACME"],
        verifiedSkills: ["esco:X", "esco:x"],
        verifiedSkillLabels: ["Python", "python"],
      },
    ]);
    const result = await engine.search({ q: "python", issuers: ["acme"], verifiedSkills: ["ESCO:X"] });
    expect(result.total).toBe(1);
    expect(result.facets.issuers).toEqual({ ACME: 1, Acme: 1 });
  });
});
