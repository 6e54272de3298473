import { Link } from "@remix-run/react";
import { isOccupationKey } from "#app/skills/display";
import type { CandidateSearchParams } from "#app/recruiting/search-params";

/**
 * The search's filters as removable chips, skills grouped by how they count (must have, any of, excluded). Each
 * chip is a link to the same search without it, so removing one is a plain navigation that sticks.
 */
export function ActiveFilters({
  params,
  labelOf,
  href,
}: {
  params: CandidateSearchParams;
  labelOf: (key: string) => string;
  href: (change: Partial<CandidateSearchParams>) => string;
}) {
  const skill = (key: string) => (isOccupationKey(key) ? `Role: ${labelOf(key)}` : labelOf(key));
  const groups: Array<{ title: string; className: string; chips: Array<{ label: string; to: string }> }> = [
    {
      title: "Must have",
      className: "chip filter",
      chips: params.skills.map((k) => ({
        label: skill(k),
        to: href({ skills: params.skills.filter((s) => s !== k) }),
      })),
    },
    {
      title: "Any of",
      className: "chip filter any",
      chips: params.anySkills.map((k) => ({
        label: skill(k),
        to: href({ anySkills: params.anySkills.filter((s) => s !== k) }),
      })),
    },
    {
      title: "Excluded",
      className: "chip filter not",
      chips: params.excludedSkills.map((k) => ({
        label: skill(k),
        to: href({ excludedSkills: params.excludedSkills.filter((s) => s !== k) }),
      })),
    },
    {
      title: "Other filters",
      className: "chip filter",
      chips: [
        ...params.issuers.map((v) => ({
          label: `Issuer: ${v}`,
          to: href({ issuers: params.issuers.filter((s) => s !== v) }),
        })),
        ...params.formats.map((v) => ({
          label: `Format: ${v.toUpperCase()}`,
          to: href({ formats: params.formats.filter((s) => s !== v) }),
        })),
        ...params.achievementTypes.map((v) => ({
          label: `Type: ${v}`,
          to: href({ achievementTypes: params.achievementTypes.filter((s) => s !== v) }),
        })),
        ...(params.since ? [{ label: `Verified since ${params.since}`, to: href({ since: "" }) }] : []),
        ...(params.trustedOnly ? [{ label: "Trusted issuers only", to: href({ trustedOnly: false }) }] : []),
        ...(params.includeClaimed ? [{ label: "Claimed skills count", to: href({ includeClaimed: false }) }] : []),
      ],
    },
  ].filter((group) => group.chips.length > 0);
  if (groups.length === 0) return null;
  return (
    <div className="active-filters" role="group" aria-label="Active filters">
      {groups.map((group) => (
        <div key={group.title} className="filter-group">
          <span className="muted small">{group.title}:</span>
          {group.chips.map((chip) => (
            <Link
              key={chip.label}
              className={group.className}
              to={chip.to}
              aria-label={`Remove ${group.title.toLowerCase()} filter ${chip.label}`}
            >
              {chip.label} <span aria-hidden="true">✕</span>
            </Link>
          ))}
        </div>
      ))}
      <Link to="/search" className="chip">
        Clear all
      </Link>
    </div>
  );
}
