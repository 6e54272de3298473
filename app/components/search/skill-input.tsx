import { useFetcher } from "@remix-run/react";
import { useCombobox } from "downshift";
import { useEffect, useRef, useState } from "react";

export interface SkillSuggestion {
  key: string;
  label: string;
  count: number;
  /** The alias that matched ("js" for JavaScript), when one did. */
  alias?: string | null;
}

const candidates = (n: number) => (n === 1 ? "1 candidate" : `${n} candidates`);

/**
 * The skill box: an ARIA 1.2 combobox (Downshift's useCombobox, a kept library) over the skills the server ranks
 * for the text (aliases, labels, words; app/skills/resolve.ts). Picking an option calls `onPick` with its key at
 * once and empties the box, so a removed chip never comes back from stale text. Enter with no option highlighted
 * submits the form as it is (`addSkill`), and the server resolves the text or answers "Did you mean …".
 */
export function SkillInput({
  initialOptions,
  initialText,
  resetKey,
  mode,
  onPick,
}: {
  /** Shown before anything is typed: the most held verified skills. */
  initialOptions: SkillSuggestion[];
  /** What the box holds after a page load: the text of a miss, so it can be corrected; else empty. */
  initialText: string;
  /** Changes on every navigation: the box then goes back to `initialText`. */
  resetKey: string;
  /** How the skill joins the search (all, any, not): sent with the typed text. */
  mode: string;
  onPick: (key: string) => void;
}) {
  const fetcher = useFetcher<{ prefix: string; suggestions: SkillSuggestion[] }>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [text, setText] = useState(initialText);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => setText(initialText), [resetKey, initialText]);

  const typed = text.trim();
  // Only the answer for what the box holds now: an older one would let Enter pick a skill typed before.
  const answer = fetcher.data?.prefix === typed ? fetcher.data : undefined;
  const items = typed ? (answer?.suggestions ?? []) : initialOptions;
  const combobox = useCombobox<SkillSuggestion>({
    items,
    inputValue: text,
    selectedItem: null,
    itemToString: (item) => item?.label ?? "",
    onInputValueChange: ({ inputValue, type }) => {
      if (type === useCombobox.stateChangeTypes.ItemClick || type === useCombobox.stateChangeTypes.InputKeyDownEnter)
        return;
      setText(inputValue ?? "");
      clearTimeout(timer.current);
      const prefix = (inputValue ?? "").trim();
      if (prefix)
        timer.current = setTimeout(() => fetcher.load(`/skills/suggest?prefix=${encodeURIComponent(prefix)}`), 120);
    },
    onSelectedItemChange: ({ selectedItem }) => {
      if (!selectedItem) return;
      setText("");
      onPick(selectedItem.key);
    },
  });
  const { isOpen, highlightedIndex, getLabelProps, getInputProps, getMenuProps, getItemProps } = combobox;
  const showMenu = isOpen && (items.length > 0 || (typed !== "" && answer !== undefined));

  return (
    <div className="skill-combobox">
      {/* Downshift's getLabelProps gives the label its htmlFor, which the rule cannot see. */}
      {/* eslint-disable-next-line jsx-a11y/label-has-associated-control */}
      <label {...getLabelProps()}>Verified skill</label>
      <input
        {...getInputProps({
          name: typed ? "addSkill" : undefined,
          placeholder: "Type a skill: python, js, ML…",
          autoComplete: "off",
          spellCheck: false,
          onKeyDown: (event) => {
            // Enter with no option highlighted submits the text as typed (the server resolves it); Downshift would
            // otherwise swallow it while the list is open.
            if (event.key === "Enter" && highlightedIndex < 0) {
              (event.nativeEvent as KeyboardEvent & { preventDownshiftDefault?: boolean }).preventDownshiftDefault =
                true;
              combobox.closeMenu();
            }
          },
        })}
        type="text"
      />
      {typed && mode !== "all" ? <input type="hidden" name="mode" value={mode} /> : null}
      <ul {...getMenuProps()} className={showMenu ? "combobox-menu open" : "combobox-menu"}>
        {showMenu
          ? items.map((item, index) => (
              <li
                key={item.key}
                className={highlightedIndex === index ? "highlighted" : undefined}
                {...getItemProps({ item, index })}
              >
                <span>{item.label}</span>
                <span className="muted small">
                  {item.alias ? `“${item.alias}” · ` : ""}
                  {candidates(item.count)}
                </span>
              </li>
            ))
          : null}
      </ul>
      {showMenu && items.length === 0 ? (
        <p className="combobox-menu open muted small" role="status">
          No skill matches “{typed}”: press Enter to see suggestions.
        </p>
      ) : null}
    </div>
  );
}
