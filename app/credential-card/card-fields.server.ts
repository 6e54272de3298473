import { extractDisplayFields, type CredentialDisplay } from "./display-fields.server";

/** What a page sends the browser for a card: the texts, and whether there is an image, never the image's URL. */
export type CardFields = Omit<CredentialDisplay, "image"> & { hasImage: boolean };

export function toCardFields(rawText: string): CardFields {
  const { image, ...fields } = extractDisplayFields(rawText);
  return { ...fields, hasImage: image !== null };
}
