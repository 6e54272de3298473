/**
 * What a page is, apart from which record it shows: the route with ids and tokens as `:id`, and the names of its
 * query parameters (`/candidates/cand_1?back=…` and `/candidates/cand_2?back=…` are one kind; `/search` and
 * `/search?skills=…&not=…` are two, since filters change what the page shows).
 */
export function pageKind(path: string): string {
  const url = new URL(path, "http://page.kind");
  const route = url.pathname
    .split("/")
    .map((segment) => (/\d|_/.test(segment) || segment.length >= 20 ? ":id" : segment))
    .join("/");
  const names = [...new Set(url.searchParams.keys())].sort();
  return names.length ? `${route}?${names.join("&")}` : route;
}
