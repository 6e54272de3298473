import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered (app/server/web-surface.ts), for the inline
 * scripts Remix writes. Empty in the browser, which hides nonces from the page anyway.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export const useNonce = () => useContext(NonceContext);
