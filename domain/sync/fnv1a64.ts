/**
 * FNV-1a 64-bit over the UTF-8 bytes of a string, as 16 lowercase hex digits.
 *
 * Why this hash is enough: fingerprints only detect that a desired payload changed since the last
 * sync, and request ids only need to be stable and unlikely to collide within one company. Nobody
 * gains anything by forging a collision (the worst case is a skipped update, which reconciliation
 * reports), so a fast non-cryptographic hash fits; it is pure code so the domain stays free of I/O
 * and of the async WebCrypto API. Computed on four 16-bit limbs so every step stays exact in
 * float64 arithmetic (no BigInt on the hot path).
 *
 * @example
 * ```ts
 * fnv1a64Hex(""); // "cbf29ce484222325" (the FNV-1a 64 offset basis)
 * fnv1a64Hex("a"); // "af63dc4c8601ec8c"
 * ```
 */
export function fnv1a64Hex(text: string): string {
  return hashBytes(ENCODER.encode(text));
}

const ENCODER = new TextEncoder();

function hashBytes(bytes: Uint8Array): string {
  // Offset basis 0xcbf29ce484222325, limbs low to high.
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i];
    // Multiply by the FNV prime 0x100000001b3 = 2^40 + 0x1b3, modulo 2^64.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3;
    const t2 = h2 * 0x1b3 + h0 * 0x100;
    const t3 = h3 * 0x1b3 + h1 * 0x100;
    h0 = t0 & 0xffff;
    const c1 = t1 + (t0 >>> 16);
    h1 = c1 & 0xffff;
    const c2 = t2 + (c1 >>> 16);
    h2 = c2 & 0xffff;
    h3 = (t3 + (c2 >>> 16)) & 0xffff;
  }
  return hex4(h3) + hex4(h2) + hex4(h1) + hex4(h0);
}

function hex4(limb: number): string {
  return limb.toString(16).padStart(4, "0");
}
