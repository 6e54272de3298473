/**
 * Trust registries: which issuers an employer can recognise by name. Pure: JSON in, entries out.
 * The Digital Credentials Consortium publishes each registry as `{"registry": {"<did>": {"name", "url", "location"}}}`.
 */
import type { TrustRegistry, TrustRegistryEntry } from "./checks/issuer";

export type { TrustRegistry, TrustRegistryEntry };

export interface RegistryIssuer extends TrustRegistryEntry {
  issuerId: string;
  location?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/**
 * Parse a DCC issuer registry. Entries without a name are skipped (we show registry names, so a nameless
 * entry would add nothing); anything that is not the expected shape yields no entries rather than throwing,
 * because a registry is third-party data.
 */
export function parseDccRegistry(json: unknown, registryName: string): RegistryIssuer[] {
  if (!isRecord(json) || !isRecord(json.registry)) return [];
  const entries: RegistryIssuer[] = [];
  for (const [issuerId, value] of Object.entries(json.registry)) {
    if (!isRecord(value)) continue;
    const name = text(value.name);
    if (!name || !text(issuerId)) continue;
    const url = text(value.url);
    const location = text(value.location);
    entries.push({
      issuerId,
      name,
      registry: registryName,
      ...(url ? { url } : {}),
      ...(location ? { location } : {}),
    });
  }
  return entries;
}

/** An in-memory registry over parsed entries; the first registry to list an issuer wins. */
export function createTrustRegistry(entries: RegistryIssuer[]): TrustRegistry {
  const byId = new Map<string, TrustRegistryEntry>();
  for (const { issuerId, location: _location, ...entry } of entries) if (!byId.has(issuerId)) byId.set(issuerId, entry);
  return { lookup: (issuerId) => byId.get(issuerId) ?? null };
}
