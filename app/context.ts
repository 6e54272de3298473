import type { Services } from "#app/services.server";

// Routes reach the database, search engine and verifier only through the load context.
declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
  }
}

export {};
