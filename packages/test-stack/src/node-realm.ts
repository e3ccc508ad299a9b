// Vitest's jsdom environment installs jsdom's own Uint8Array as the global, while Node's TextEncoder,
// Buffer and crypto keep returning Node's. jose (inside the in-process IdP) then fails its
// `instanceof Uint8Array` checks with "payload must be an instance of Uint8Array". Tests that run the
// real IdP next to jsdom put Node's typed array back.
globalThis.Uint8Array = Object.getPrototypeOf(Buffer.prototype)
  .constructor as Uint8ArrayConstructor;
