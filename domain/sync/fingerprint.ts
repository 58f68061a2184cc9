import { canonicalJson } from "../shared/canonical_json.ts";
import { fnv1a64Hex } from "./fnv1a64.ts";

/**
 * The fingerprint of a desired QBO payload: FNV-1a 64 of its canonical JSON, prefixed with the
 * algorithm so a future change of hash is detectable instead of silently mismatching. Equal
 * payloads (whatever their key order) have equal fingerprints; see {@link fnv1a64Hex} for why a
 * non-cryptographic hash is enough for change detection.
 *
 * @example
 * ```ts
 * fingerprint({ DisplayName: "Jane", Active: true }) === fingerprint({ Active: true, DisplayName: "Jane" }); // true
 * fingerprint({ TotalAmt: 700 }); // "fnv1a64:..."
 * ```
 */
export function fingerprint(payload: Readonly<Record<string, unknown>>): string {
  return `fnv1a64:${fnv1a64Hex(canonicalJson(payload))}`;
}
