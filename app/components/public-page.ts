import { useMatches } from "@remix-run/react";

/**
 * A route's `handle` for a page shown to someone with no account through a link they were given (a shortlist's
 * share link): the layout then shows no navigation and no link into staff pages, whoever is signed in.
 */
export const publicPageHandle = { publicPage: true } as const;

export function useIsPublicPage(): boolean {
  return useMatches().some((match) => (match.handle as { publicPage?: boolean } | undefined)?.publicPage === true);
}
