import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";

interface Suggestion {
  key: string;
  label: string;
  count: number;
}

/**
 * The skill box: type-ahead over canonical skills (and their labels) from the search engine, falling back to
 * the most held verified skills before anything is typed. The server turns the chosen label into its key.
 */
export function SkillInput({ initialOptions }: { initialOptions: Suggestion[] }) {
  const fetcher = useFetcher<{ suggestions: Suggestion[] }>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const options = fetcher.data?.suggestions.length ? fetcher.data.suggestions : initialOptions;
  return (
    <label>
      Verified skill
      <input
        type="text"
        name="addSkill"
        list="skill-options"
        placeholder="Type or pick a skill"
        autoComplete="off"
        onChange={(event) => {
          const prefix = event.currentTarget.value.trim();
          clearTimeout(timer.current);
          if (prefix.length >= 2) {
            timer.current = setTimeout(() => fetcher.load(`/skills/suggest?prefix=${encodeURIComponent(prefix)}`), 150);
          }
        }}
      />
      <datalist id="skill-options">
        {options.map((s) => (
          <option key={s.key} value={s.label}>
            {`${s.count} candidate${s.count === 1 ? "" : "s"}`}
          </option>
        ))}
      </datalist>
    </label>
  );
}
