/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverBuildPath: "build/index.js",
  // Everything from node_modules stays an external import that Node loads itself:
  // PGlite must load its wasm from node_modules, and the digitalbazaar suites are ESM-only.
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // v3_lazyRouteDiscovery stays off: with it, a fetcher.load to a resource route the client has not discovered
    // yet (the skill type-ahead's /skills/suggest) sometimes fails with a 404 that replaces the page
    // (remix-run/react-router#13114). The whole manifest of this app is a few kilobytes.
  },
};
