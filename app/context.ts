import type { Services } from "#app/services.server";

// Routes reach the database, search engine and verifier only through the load context.
declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    /**
     * The client's network address, for rate limits and the audit trail: the socket's peer, or behind a proxy
     * named in ATTEST_TRUST_PROXY, the address that proxy reported (app/server/web-surface.ts).
     */
    clientAddress: string;
    /** This response's Content-Security-Policy nonce, for the scripts Remix renders. */
    cspNonce?: string;
  }
}

export {};
