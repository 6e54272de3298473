/**
 * PostgreSQL cannot store every JavaScript string: text columns refuse NUL (U+0000), and jsonb refuses NUL and
 * lone surrogates (JSON.stringify writes them as "\ud800"), so a credential whose id or issuer holds one made the
 * whole submission fail with a 500 (found by `npm run stress -- malformed`). Such characters only ever come from
 * broken or hostile input; they are stored as U+FFFD, the replacement character, and everything else is unchanged.
 */
export function toStorableText(text: string): string {
  // toWellFormed (Node 20) replaces lone surrogates with U+FFFD.
  const wellFormed = (text as string & { toWellFormed(): string }).toWellFormed();
  return wellFormed.includes("\u0000") ? wellFormed.replaceAll("\u0000", "\uFFFD") : wellFormed;
}

/** A copy of a JSON value with every string (keys too) made storable; the same object when nothing needs it. */
export function toStorableJson<T>(value: T): T {
  return needsCleaning(value) ? (clean(value) as T) : value;
}

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function needsCleaning(value: unknown): boolean {
  // Iterative, so a deeply nested value cannot overflow the stack.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (UNSTORABLE.test(item)) return true;
    } else if (Array.isArray(item)) {
      stack.push(...item);
    } else if (item !== null && typeof item === "object") {
      for (const [key, child] of Object.entries(item)) {
        if (UNSTORABLE.test(key)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

function clean(value: unknown): unknown {
  if (typeof value === "string") return toStorableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [toStorableText(key), clean(child)]));
  }
  return value;
}
