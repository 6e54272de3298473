import type { CandidateDocument } from "#search/engine";
import {
  DEFAULT_SORT,
  LAST_VERIFIED_SORT,
  skillDeltas,
  buildMeiliFilter,
  createMeilisearchEngine,
  quoteFilterValue,
  toMeiliPage,
} from "#search/meilisearch.server";

/**
 * Reads a quoted filter value back the way Meilisearch's filter parser does (crates/filter-parser/src/value.rs):
 * find the closing quote, skipping any character after a backslash; replace `\"` by `"`; then unescape
 * Rust-style, which for what we produce means `\\` → `\`. Returns null if the value is not one quoted token.
 */
function parseQuotedLikeMeilisearch(filterValue: string): string | null {
  if (filterValue[0] !== '"') return null;
  let i = 1;
  let escapedQuote = false;
  while (i < filterValue.length && filterValue[i] !== '"') {
    if (filterValue[i] === "\\") {
      i += 1;
      if (filterValue[i] === '"') escapedQuote = true;
    }
    i += 1;
  }
  if (i !== filterValue.length - 1) return null; // the value ended early: the rest would be parsed as syntax
  let inner = filterValue.slice(1, i);
  if (escapedQuote) inner = inner.replaceAll('\\"', '"');
  let out = "";
  for (let j = 0; j < inner.length; j += 1) {
    if (inner[j] !== "\\") {
      out += inner[j];
      continue;
    }
    if (inner[j + 1] !== "\\") return null; // an escape we never mean to produce (\n, \u{…}, …)
    out += "\\";
    j += 1;
  }
  return out;
}

describe("quoteFilterValue", () => {
  test.each([
    ["esco:ccd0a1d9", '"esco:ccd0a1d9"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["C:\\path", '"C:\\\\path"'],
    ["ends with \\", '"ends with \\\\"'],
  ])("quotes %j as %s", (value, quoted) => {
    expect(quoteFilterValue(value)).toBe(quoted);
  });

  test.each([
    "onet:15-1252.00",
    'ctdl:ce-"quoted" AND (x = \\"y\\")',
    "\\",
    '\\"',
    '"\\',
    '\\\\"\\\\',
    "\\n is not a newline",
    "\\u{41}",
    "it's OR 'that'",
    "a = b AND c != d",
    "ünïcödé ✓ 技能",
    "",
  ])("Meilisearch's parser reads %j back unchanged", (value) => {
    expect(parseQuotedLikeMeilisearch(quoteFilterValue(value))).toBe(value);
  });

  test("the reference parser does catch a naive quoting (so the round trip can fail)", () => {
    const naive = (value: string) => `"${value.replace(/"/g, '\\"')}"`;
    expect(parseQuotedLikeMeilisearch(naive('ends with \\"'))).not.toBe('ends with \\"');
    expect(parseQuotedLikeMeilisearch(`"${'a"b'}"`)).toBeNull();
  });
});

describe("buildMeiliFilter", () => {
  test("no skill condition, no filter", () => {
    expect(buildMeiliFilter({})).toBeUndefined();
    expect(buildMeiliFilter({ verifiedSkills: [], anySkills: [], includeClaimed: true })).toBeUndefined();
  });

  test("verified skills: one condition per key, ANDed by the outer array", () => {
    expect(buildMeiliFilter({ verifiedSkills: ["esco:a", "onet:15-1252.00"] })).toEqual([
      'verifiedSkills = "esco:a"',
      'verifiedSkills = "onet:15-1252.00"',
    ]);
  });

  test("any skills: one inner array, ORed", () => {
    expect(buildMeiliFilter({ anySkills: ["esco:c", "esco:d"] })).toEqual([
      ['verifiedSkills = "esco:c"', 'verifiedSkills = "esco:d"'],
    ]);
  });

  test("includeClaimed: verified OR claimed for each key, never a candidate-wide pairing", () => {
    expect(
      buildMeiliFilter({ verifiedSkills: ["esco:a", "esco:b"], anySkills: ["esco:c", "esco:d"], includeClaimed: true }),
    ).toEqual([
      ['verifiedSkills = "esco:a"', 'claimedSkills = "esco:a"'],
      ['verifiedSkills = "esco:b"', 'claimedSkills = "esco:b"'],
      [
        'verifiedSkills = "esco:c"',
        'claimedSkills = "esco:c"',
        'verifiedSkills = "esco:d"',
        'claimedSkills = "esco:d"',
      ],
    ]);
  });

  test("duplicate and empty keys are dropped", () => {
    expect(buildMeiliFilter({ verifiedSkills: ["esco:a", "", "esco:a"], anySkills: [""] })).toEqual([
      'verifiedSkills = "esco:a"',
    ]);
  });

  test("keys with quotes, colons and backslashes are escaped", () => {
    expect(buildMeiliFilter({ verifiedSkills: ['x:"a" OR verifiedSkills = "b\\'] })).toEqual([
      'verifiedSkills = "x:\\"a\\" OR verifiedSkills = \\"b\\\\"',
    ]);
  });
});

describe("toMeiliPage", () => {
  test.each([
    [0, 20, { page: 1, hitsPerPage: 20, skip: 0 }],
    [40, 20, { page: 3, hitsPerPage: 20, skip: 0 }],
    [3, 2, { page: 1, hitsPerPage: 5, skip: 3 }],
    [7, 0, { page: 1, hitsPerPage: 0, skip: 0 }],
  ])("offset %i, limit %i", (offset, limit, expected) => {
    expect(toMeiliPage(offset, limit)).toEqual(expected);
  });
});

/** A stand-in for the HTTP API: records requests, answers writes with tasks whose outcome the test chooses. */
function fakeMeilisearch(
  options: {
    failTask?: (method: string, path: string) => { code: string; message: string } | null;
    existingPrimaryKey?: string | null;
    searchResponse?: Record<string, unknown>;
    /** What POST …/documents/fetch answers (the previous versions of documents, or skill documents). */
    storedDocuments?: (path: string) => unknown[];
  } = {},
) {
  const requests: Array<{ method: string; path: string; body: unknown }> = [];
  const tasks = new Map<number, Record<string, unknown>>();
  const httpClient = async (input: string | URL | Request, init?: RequestInit): Promise<unknown> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? "GET";
    const path = url.pathname.replace(/^\/+/, "");
    if (method === "GET" && path.startsWith("tasks/")) return tasks.get(Number(path.slice("tasks/".length)));
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    requests.push({ method, path, body });
    if (path.endsWith("/search")) return options.searchResponse;
    if (path.endsWith("/documents/fetch"))
      return { results: options.storedDocuments?.(path) ?? [], offset: 0, limit: 0, total: 0 };
    if (method === "GET") return { uid: "candidates", primaryKey: options.existingPrimaryKey ?? "id" };
    const uid = tasks.size;
    const error = options.failTask?.(method, path) ?? null;
    tasks.set(uid, { uid, status: error ? "failed" : "succeeded", error, indexUid: "candidates", type: "x" });
    return { taskUid: uid, indexUid: "candidates", status: "enqueued", type: "x", enqueuedAt: "" };
  };
  const engine = createMeilisearchEngine({ host: "http://meili.test", httpClient });
  return { engine, requests };
}

const candidate: CandidateDocument = {
  id: "cand_1",
  displayName: "Ada Okonkwo",
  email: "ada@example.test",
  headline: "",
  verifiedSkills: ["esco:a"],
  claimedSkills: [],
  verifiedSkillLabels: ["A"],
  claimedSkillLabels: [],
  issuers: ["Example University"],
  formats: ["obv3"],
  achievementTypes: [],
  verifiedSkillCount: 1,
  lastVerifiedAt: 1,
  vskillTrusted: [],
};

describe("createMeilisearchEngine (against a fake HTTP API)", () => {
  test("prepare creates the index with primary key id, then applies settings", async () => {
    const { engine, requests } = fakeMeilisearch();
    await engine.prepare();
    expect(requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      "POST indexes",
      "PATCH indexes/candidates/settings",
      "POST indexes",
      "PATCH indexes/candidates_skills/settings",
    ]);
    expect(requests[0].body).toEqual({ uid: "candidates", primaryKey: "id" });
    expect(requests[2].body).toEqual({ uid: "candidates_skills", primaryKey: "id" });
    expect(requests[3].body).toMatchObject({ searchableAttributes: ["label"], typoTolerance: { enabled: false } });
    expect(requests[1].body).toMatchObject({
      searchableAttributes: ["displayName", "headline", "verifiedSkillLabels", "claimedSkillLabels"],
      filterableAttributes: expect.arrayContaining([
        "verifiedSkills",
        "claimedSkills",
        "issuers",
        "formats",
        "achievementTypes",
        "verifiedSkillCount",
        "lastVerifiedAt",
      ]),
      sortableAttributes: expect.arrayContaining(["verifiedSkillCount", "lastVerifiedAt", "id"]),
      typoTolerance: { disableOnAttributes: expect.arrayContaining(["verifiedSkills", "claimedSkills"]) },
      faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { "*": "count" } },
    });
  });

  test("prepare accepts an existing index whose primary key is id", async () => {
    const { engine, requests } = fakeMeilisearch({
      failTask: (method, path) =>
        method === "POST" && path === "indexes" ? { code: "index_already_exists", message: "exists" } : null,
    });
    await engine.prepare();
    expect(requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      "POST indexes",
      "GET indexes/candidates",
      "PATCH indexes/candidates/settings",
      "POST indexes",
      "GET indexes/candidates_skills",
      "PATCH indexes/candidates_skills/settings",
    ]);
  });

  test("prepare refuses an existing index with another primary key", async () => {
    const { engine } = fakeMeilisearch({
      existingPrimaryKey: "uuid",
      failTask: (method, path) =>
        method === "POST" && path === "indexes" ? { code: "index_already_exists", message: "exists" } : null,
    });
    await expect(engine.prepare()).rejects.toThrow(/primary key uuid/);
  });

  test("a failed settings task throws, although the client resolves", async () => {
    const { engine } = fakeMeilisearch({
      failTask: (_, path) =>
        path.endsWith("/settings") ? { code: "invalid_settings_filterable_attributes", message: "bad" } : null,
    });
    await expect(engine.prepare()).rejects.toThrow(/settings update .* failed: invalid_settings_filterable_attributes/);
  });

  test("upsert sends only contract fields in batches of 1000 and throws on a failed task", async () => {
    const { engine, requests } = fakeMeilisearch();
    const many = Array.from({ length: 2500 }, (_, i) => ({ ...candidate, id: `cand_${i}`, extra: "dropped" }));
    await engine.upsert(many);
    const writes = requests.filter(({ method, path }) => `${method} ${path}` === "POST indexes/candidates/documents");
    expect(writes.map(({ body }) => (body as unknown[]).length)).toEqual([1000, 1000, 500]);
    expect((writes[0].body as unknown[])[0]).toEqual({ ...candidate, id: "cand_0" });
    await engine.close(); // lets the background skills update finish
    const count = requests.length;

    await engine.upsert([]);
    expect(requests).toHaveLength(count);

    const failing = fakeMeilisearch({ failTask: () => ({ code: "invalid_document_id", message: "bad id" }) });
    await expect(failing.engine.upsert([candidate])).rejects.toThrow(/document upsert .* failed: invalid_document_id/);
  });

  test("remove and clear wait for their tasks and throw on failure", async () => {
    const { engine, requests } = fakeMeilisearch();
    await engine.remove(["a", "b", "a"]);
    await engine.remove([]);
    await engine.clear();
    expect(requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      "POST indexes/candidates/documents/fetch",
      "POST indexes/candidates/documents/delete-batch",
      "DELETE indexes/candidates/documents",
      "DELETE indexes/candidates_skills/documents",
    ]);
    expect(requests[1].body).toEqual(["a", "b"]);
    const failing = fakeMeilisearch({ failTask: () => ({ code: "internal", message: "disk full" }) });
    await expect(failing.engine.remove(["a"])).rejects.toThrow(/disk full/);
    await expect(failing.engine.clear()).rejects.toThrow(/disk full/);
  });

  test("a search without text sorts by the default order and counts exhaustively", async () => {
    const { engine, requests } = fakeMeilisearch({
      searchResponse: {
        hits: [candidate],
        totalHits: 41,
        facetDistribution: { verifiedSkills: { "esco:b": 3, "esco:a": 7, "esco:c": 3 }, formats: { obv3: 1 } },
      },
    });
    const result = await engine.search({ verifiedSkills: ["esco:a"], limit: 20, offset: 40 });
    expect(requests[0]).toMatchObject({
      method: "POST",
      path: "indexes/candidates/search",
      body: {
        q: null,
        filter: ['verifiedSkills = "esco:a"'],
        facets: ["verifiedSkills", "issuers", "formats", "achievementTypes", "vskillTrusted"],
        sort: DEFAULT_SORT,
        matchingStrategy: "all",
        page: 3,
        hitsPerPage: 20,
      },
    });
    expect(result.total).toBe(41);
    expect(Object.entries(result.facets.verifiedSkills)).toEqual([
      ["esco:a", 7],
      ["esco:b", 3],
      ["esco:c", 3],
    ]);
    expect(result.facets).toMatchObject({ issuers: {}, formats: { obv3: 1 }, achievementTypes: {} });
    expect(result.hits).toEqual([
      {
        id: "cand_1",
        displayName: "Ada Okonkwo",
        email: "ada@example.test",
        headline: "",
        verifiedSkills: ["esco:a"],
        claimedSkills: [],
        verifiedSkillLabels: ["A"],
        claimedSkillLabels: [],
        issuers: ["Example University"],
        verifiedSkillCount: 1,
        lastVerifiedAt: 1,
        vskillTrusted: [],
      },
    ]);
  });

  test("a text search ranks by relevance and slices an offset that is not a page boundary", async () => {
    const hits = ["c0", "c1", "c2", "c3", "c4"].map((id) => ({ ...candidate, id }));
    const { engine, requests } = fakeMeilisearch({ searchResponse: { hits, totalHits: 9, facetDistribution: {} } });
    const result = await engine.search({ q: "  python ", offset: 3, limit: 2 });
    const body = requests[0].body as Record<string, unknown>;
    expect(body).toMatchObject({ q: "python", page: 1, hitsPerPage: 5 });
    expect(body).not.toHaveProperty("sort");
    expect(body).not.toHaveProperty("filter");
    expect(result.hits.map((hit) => hit.id)).toEqual(["c3", "c4"]);
    expect(result.total).toBe(9);
  });
});

describe("buildMeiliFilter: trust, any-of groups, recency", () => {
  test("trustedOnly asks vskillTrusted per key, ignores includeClaimed, and alone asks for any trusted skill", () => {
    expect(
      buildMeiliFilter({
        verifiedSkills: ["esco:x", "esco:y"],
        anySkills: ["esco:z"],
        trustedOnly: true,
        includeClaimed: true,
      }),
    ).toEqual(['vskillTrusted = "esco:x"', 'vskillTrusted = "esco:y"', ['vskillTrusted = "esco:z"']]);
    expect(buildMeiliFilter({ trustedOnly: true })).toEqual(["vskillTrusted IS NOT EMPTY"]);
  });

  test("excludedSkills is one NOT condition per key, on claimed skills too with includeClaimed", () => {
    expect(buildMeiliFilter({ anySkills: ["esco:a"], excludedSkills: ["esco:x"] })).toEqual([
      ['verifiedSkills = "esco:a"'],
      'NOT verifiedSkills = "esco:x"',
    ]);
    expect(buildMeiliFilter({ excludedSkills: ['name:"q"'], includeClaimed: true })).toEqual([
      'NOT verifiedSkills = "name:\\"q\\""',
      'NOT claimedSkills = "name:\\"q\\""',
    ]);
  });

  test("issuers, formats and achievementTypes are one OR group each; except leaves one out; verifiedSince is >=", () => {
    const query = {
      issuers: ["A", 'B "x"'],
      formats: ["obv3"],
      achievementTypes: ["Badge"],
      verifiedSince: 1700000000,
    };
    expect(buildMeiliFilter(query)).toEqual([
      ['issuers = "A"', 'issuers = "B \\"x\\""'],
      ['formats = "obv3"'],
      ['achievementTypes = "Badge"'],
      "lastVerifiedAt >= 1700000000",
    ]);
    expect(buildMeiliFilter(query, "formats")).toEqual([
      ['issuers = "A"', 'issuers = "B \\"x\\""'],
      ['achievementTypes = "Badge"'],
      "lastVerifiedAt >= 1700000000",
    ]);
  });
});

describe("skillDeltas", () => {
  test("counts gained and lost (key, label) pairs and drops what cancels out", () => {
    const before = [{ verifiedSkills: ["a", "b"], verifiedSkillLabels: ["A", "B"] }];
    const after = [
      { verifiedSkills: ["a", "c"], verifiedSkillLabels: ["A", "C"] },
      { verifiedSkills: ["a"], verifiedSkillLabels: ["Alpha"] },
    ];
    const deltas = skillDeltas(before, after);
    expect([...deltas].map(([key, labels]) => [key, Object.fromEntries(labels)])).toEqual([
      ["a", { Alpha: 1 }],
      ["b", { B: -1 }],
      ["c", { C: 1 }],
    ]);
  });
});

describe("createMeilisearchEngine: disjunctive facets and suggestions (fake HTTP API)", () => {
  test("an active any-of group adds one limit-0 query without its own filter, and its counts replace the group's", async () => {
    const requests: Array<{ path: string; body: any }> = [];
    const httpClient = async (input: string | URL | Request, init?: RequestInit): Promise<unknown> => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
      requests.push({ path: url.pathname.replace(/^\/+/, ""), body });
      return {
        results: [
          { hits: [], totalHits: 3, facetDistribution: { issuers: { A: 3 }, formats: { obv3: 3 } } },
          { hits: [], totalHits: 9, facetDistribution: { issuers: { A: 3, B: 6 } } },
        ],
      };
    };
    const engine = createMeilisearchEngine({ host: "http://meili.test", httpClient });
    const result = await engine.search({ issuers: ["A"], verifiedSkills: ["esco:a"], sort: "lastVerifiedAt" });
    expect(requests.map(({ path }) => path)).toEqual(["multi-search"]);
    const [main, issuers] = requests[0].body.queries;
    expect(main).toMatchObject({
      indexUid: "candidates",
      filter: ['verifiedSkills = "esco:a"', ['issuers = "A"']],
      sort: LAST_VERIFIED_SORT,
    });
    expect(issuers).toMatchObject({
      indexUid: "candidates",
      filter: ['verifiedSkills = "esco:a"'],
      facets: ["issuers"],
      limit: 0,
    });
    expect(result.total).toBe(3);
    expect(Object.entries(result.facets.issuers)).toEqual([
      ["B", 6],
      ["A", 3],
    ]);
    expect(result.facets.formats).toEqual({ obv3: 3 });
  });

  test("suggestSkills searches the skills index without typos, by count then key", async () => {
    const requests: Array<{ path: string; body: any }> = [];
    const httpClient = async (input: string | URL | Request, init?: RequestInit): Promise<unknown> => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      requests.push({
        path: url.pathname.replace(/^\/+/, ""),
        body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
      });
      return {
        hits: [
          { key: "b", label: "Py B", count: 2 },
          { key: "a", label: "Py A", count: 2 },
        ],
        totalHits: 2,
      };
    };
    const engine = createMeilisearchEngine({ host: "http://meili.test", httpClient });
    expect(await engine.suggestSkills("  !! ")).toEqual([]);
    expect(requests).toEqual([]);
    expect(await engine.suggestSkills("Py", 5)).toEqual([
      { key: "a", label: "Py A", count: 2 },
      { key: "b", label: "Py B", count: 2 },
    ]);
    expect(requests[0]).toMatchObject({
      path: "indexes/candidates_skills/search",
      body: { q: "py", limit: 5, sort: ["count:desc", "key:asc"] },
    });
  });

  test("upsert reads the previous versions and returns once its task succeeded; the skill count changes follow, and suggestSkills waits for them", async () => {
    const { engine, requests } = fakeMeilisearch({
      storedDocuments: (path) =>
        path.startsWith("indexes/candidates/")
          ? [{ id: "cand_1", verifiedSkills: ["esco:old"], verifiedSkillLabels: ["Old"] }]
          : [{ id: "x", key: "esco:old", label: "Old", count: 1, labels: [{ label: "Old", count: 1 }] }],
      searchResponse: { hits: [] },
    });
    await engine.upsert([candidate]);
    expect(requests.slice(0, 2).map(({ method, path }) => `${method} ${path}`)).toEqual([
      "POST indexes/candidates/documents/fetch",
      "POST indexes/candidates/documents",
    ]);
    await engine.suggestSkills("a");
    expect(requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      "POST indexes/candidates/documents/fetch",
      "POST indexes/candidates/documents",
      "POST indexes/candidates_skills/documents/fetch",
      "POST indexes/candidates_skills/documents",
      "POST indexes/candidates_skills/documents/delete-batch",
      "POST indexes/candidates_skills/search",
    ]);
    expect(requests[3].body).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{64}$/),
        key: "esco:a",
        label: "A",
        count: 1,
        labels: [{ label: "A", count: 1 }],
      },
    ]);
    expect((requests[4].body as string[]).length).toBe(1);
  });
});

describe("createMeilisearchEngine: listing documents for the consistency check (fake HTTP API)", () => {
  test("listDocuments uses the documents API with offset, limit and the contract's fields; getDocuments filters by id", async () => {
    const requests: Array<{ method: string; path: string; query: string; body: any }> = [];
    const httpClient = async (input: string | URL | Request, init?: RequestInit): Promise<unknown> => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
      requests.push({ method: init?.method ?? "GET", path: url.pathname.replace(/^\/+/, ""), query: url.search, body });
      return { results: [{ ...candidate, extra: "not part of the contract" }], offset: 0, limit: 1, total: 1234 };
    };
    const engine = createMeilisearchEngine({ host: "http://meili.test", httpClient });
    expect(await engine.listDocuments({ offset: 1000, limit: 500 })).toEqual({ total: 1234, documents: [candidate] });
    expect(requests[0]).toMatchObject({ method: "GET", path: "indexes/candidates/documents" });
    const query = new URLSearchParams(requests[0].query);
    expect([query.get("offset"), query.get("limit")]).toEqual(["1000", "500"]);
    expect(query.get("fields")?.split(",").sort()).toEqual(Object.keys(candidate).sort());
    await expect(engine.listDocuments({ offset: -1, limit: 10 })).rejects.toThrow(RangeError);

    expect(await engine.getDocuments(["cand_1", 'odd "id"', "cand_1"])).toEqual([candidate]);
    expect(requests[1]).toMatchObject({
      method: "POST",
      path: "indexes/candidates/documents/fetch",
      body: { filter: 'id IN ["cand_1", "odd \\"id\\""]', limit: 2 },
    });
    expect(await engine.getDocuments([])).toEqual([]);
    expect(requests).toHaveLength(2);
  });
});
