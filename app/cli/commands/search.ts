import { createServices } from "#app/services.server";
import { rebuildIndex } from "#search/sync.server";
import { parseCommandArgs } from "../usage";

/**
 * `search [--q TEXT] [--verified-skill KEY]... [--any-skill KEY]... [--include-claimed] [--json]`: the same hits
 * as the search page. KEY is a canonical key as `attest verify --json` reports it in skills[].key.
 */
export async function searchCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    q: { type: "string" },
    "verified-skill": { type: "string", multiple: true },
    "any-skill": { type: "string", multiple: true },
    "include-claimed": { type: "boolean", default: false },
    limit: { type: "string", default: "20" },
    json: { type: "boolean", default: false },
  });
  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    // The embedded index lives in memory: this process builds its own copy from the database first.
    if (services.search.name === "embedded") await rebuildIndex({ db: services.db, search: services.search });
    const result = await services.search.search({
      q: values.q,
      verifiedSkills: values["verified-skill"] ?? [],
      anySkills: values["any-skill"] ?? [],
      includeClaimed: values["include-claimed"],
      limit: Math.max(1, Math.min(1000, Number(values.limit) || 20)),
    });
    const hits = result.hits.map((h) => ({
      id: h.id,
      name: h.displayName,
      email: h.email,
      verifiedSkills: h.verifiedSkills,
      claimedSkills: h.claimedSkills,
    }));
    if (values.json) {
      console.log(JSON.stringify({ total: result.total, hits, facets: result.facets }));
    } else {
      console.log(`${result.total} candidate(s)`);
      for (const h of hits)
        console.log(`${h.id}\t${h.name} <${h.email}>\tverified: ${h.verifiedSkills.join(", ") || "none"}`);
    }
    return 0;
  } finally {
    await services.close();
  }
}
