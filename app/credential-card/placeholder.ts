/** The neutral image a card shows when a credential has no image, or its image was refused: a plain ribbon. */
export const PLACEHOLDER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">' +
  '<rect width="64" height="64" rx="12" fill="#eef1f5"/>' +
  '<circle cx="32" cy="27" r="13" fill="none" stroke="#8a94a6" stroke-width="3"/>' +
  '<path d="M24 38l-4 16 12-6 12 6-4-16" fill="none" stroke="#8a94a6" stroke-width="3" stroke-linejoin="round"/>' +
  "</svg>";
