/** Verified skills as solid chips, claimed (unverified) ones dashed and labelled, so the two never blur. */
export function SkillChips({ verified, claimed }: { verified: string[]; claimed: string[] }) {
  if (verified.length === 0 && claimed.length === 0) return <p className="muted">No skills extracted.</p>;
  return (
    <div className="chips">
      {verified.map((label) => (
        <span key={`v-${label}`} className="chip verified" title="Backed by a credential that passed every check">
          ✓ {label}
        </span>
      ))}
      {claimed.map((label) => (
        <span key={`c-${label}`} className="chip claimed" title="Claimed: no credential backing it passed verification">
          {label} (claimed)
        </span>
      ))}
    </div>
  );
}
