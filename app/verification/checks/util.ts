/** Small JSON helpers shared by the pure checks. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON-LD values may be a single value or an array: always get an array. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function asStrings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === "string");
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** The id of a value that is either an IRI string or an object with `id`. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isObject(value)) return asString(value.id);
  return undefined;
}

/** A readable label for the first language value of a string or a language map / value object. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return asString(value);
  if (Array.isArray(value)) return value.map(textOf).find((v) => v !== undefined);
  if (isObject(value))
    return (
      asString(value["@value"]) ??
      Object.values(value)
        .map(textOf)
        .find((v) => v !== undefined)
    );
  return undefined;
}

const DAY_MONTH_YEAR = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "1 January 2011": unambiguous for a reader in any country. */
export function formatDate(date: Date): string {
  return DAY_MONTH_YEAR.format(date);
}

/** XML Schema dateTime as the VC data models require it (the timezone is optional in XSD). */
const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;

export function parseDateTime(value: unknown): Date | null {
  if (typeof value !== "string" || !XSD_DATE_TIME.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
