/**
 * The deepest a submitted JSON document may nest. A presentation holding a CLR holding badges is about 12 levels;
 * JSON.parse copes with any depth, but the recursive code after it (JSON.stringify, JSON-LD) overflows the stack
 * somewhere past a few thousand levels, which was a 500 (found by `npm run stress -- malformed`).
 */
export const MAX_JSON_DEPTH = 100;

/** True when `text`, read as JSON, opens more than `max` arrays or objects inside one another. Linear, no recursion. */
export function jsonNestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
