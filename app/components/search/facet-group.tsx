/**
 * One facet group as checkboxes inside the search form: ticking one submits the form, so the URL (and the back
 * button) always holds the whole search. Counts are disjunctive: they say how many results each value would add.
 */
export function FacetGroup({
  title,
  name,
  counts,
  selected,
  labelOf = (value) => value,
}: {
  title: string;
  name: string;
  counts: Record<string, number>;
  selected: string[];
  labelOf?: (value: string) => string;
}) {
  const values = [...new Set([...selected, ...Object.keys(counts)])];
  if (values.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{title}</legend>
      <ul className="facet-list">
        {values.slice(0, 12).map((value) => (
          <li key={value}>
            <label className="inline">
              <input
                type="checkbox"
                name={name}
                value={value}
                defaultChecked={selected.includes(value)}
                onChange={(event) => event.currentTarget.form?.requestSubmit()}
              />
              <span>{labelOf(value)}</span>
            </label>
            <span className="muted">{counts[value] ?? 0}</span>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
