// The W3C Verifiable Credentials examples vocabulary (https://www.w3.org/ns/credentials/examples/v2), which the
// W3C test suites (vc-data-model-2.0, vc-api-verifier, vc-di-*) put in every credential they issue and which no npm
// package ships. It maps every term no other context defines into the examples namespace. Kept as a module, not a
// .json file, like the CLR context.
export default {
  "@context": {
    "@vocab": "https://www.w3.org/ns/credentials/examples#",
  },
};
