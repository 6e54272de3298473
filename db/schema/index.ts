export * from "./candidates";
export * from "./credentials";
export * from "./search-outbox";
export * from "./settings";
export * from "./trusted-issuers";
export * from "./api-keys";
export * from "./submissions";
export * from "./verification-changes";
