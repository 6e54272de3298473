import type { Services } from "#app/services.server";

// Routes reach the database, search engine and verifier only through the load context.
declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    /** The client's network address, for rate limits (the socket's peer; set trust in a proxy before relying on X-Forwarded-For). */
    clientAddress: string;
  }
}

export {};
