import type { RequestHandler } from "express";

/** Machine-to-machine doors authorise with API keys or exchange ids, not cookies: a browser's Origin means nothing there. */
const MACHINE_PATHS = ["/api/", "/exchanges/"];

/**
 * Refuses a form POST sent from another site with a 403 and a sentence, before Remix sees it. Remix makes the
 * same Origin-against-Host comparison for document POSTs, but answers it by throwing, which is a 500 and a stack
 * trace in the log for what is an ordinary refusal. Behind a proxy, set X-Forwarded-Host to the public host.
 */
export const refuseCrossSiteForms: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  if (MACHINE_PATHS.some((prefix) => req.path.startsWith(prefix))) return next();
  const origin = req.get("origin");
  if (!origin) return next();
  const host = req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host");
  let originHost: string | null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (host && originHost === host) return next();
  res
    .status(403)
    .type("text/plain")
    .send(
      `This form was sent from another site (${origin.slice(0, 200)}), so nothing was done. Open Attest and send it from there.`,
    );
};
