/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Everything from node_modules stays an external import that Node loads itself:
  // PGlite must load its wasm from node_modules, and the digitalbazaar suites are ESM-only.
};
