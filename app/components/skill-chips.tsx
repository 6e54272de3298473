/** Verified skills as solid chips, claimed (unverified) ones dashed and labelled, so the two never blur. */
export function SkillChips({
  verified,
  claimed,
  registered,
}: {
  verified: string[];
  claimed: string[];
  /** Labels of the verified skills a registered issuer backs; the others are marked (issue 11, finding 6). */
  registered?: Set<string>;
}) {
  if (verified.length === 0 && claimed.length === 0) return <p className="muted">No skills extracted.</p>;
  return (
    <div className="chips">
      {verified.map((label) => (
        <span
          key={`v-${label}`}
          className={`chip verified${registered && !registered.has(label) ? " unregistered" : ""}`}
          title={
            !registered || registered.has(label)
              ? "Backed by a credential that passed every check"
              : "Signature valid, but no issuer on the trust registry backs it"
          }
        >
          ✓ {label}
          {registered ? (registered.has(label) ? " · registered issuer" : " · unregistered issuer") : ""}
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
