/** QBO's limit on DocNumber. */
export const QBO_DOC_NUMBER_MAX = 21;

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;
const BASE36_10 = 36n ** 10n;

/**
 * A 10-character base-36 digest of a text (FNV-1a 64-bit over its UTF-8 bytes, reduced to 36^10).
 * Not a security hash: it only needs to make document numbers of different records differ, with
 * about 51 bits of spread, deterministically and without I/O.
 *
 * @example
 * ```ts
 * shortDigest("lease_1"); // same 10 characters on every run
 * ```
 */
export function shortDigest(text: string): string {
  let hash = FNV64_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV64_PRIME) & MASK64;
  }
  return (hash % BASE36_10).toString(36).padStart(10, "0").toUpperCase();
}

/** What the document is; the letter starts the DocNumber so an accountant can tell them apart. */
export type DocKind =
  | "rent_invoice"
  | "late_fee_invoice"
  | "nsf_fee_invoice"
  | "deposit_refund"
  | "deposit_journal";

const KIND_PREFIX: Readonly<Record<DocKind, string>> = {
  rent_invoice: "R",
  late_fee_invoice: "L",
  nsf_fee_invoice: "N",
  deposit_refund: "D",
  deposit_journal: "J",
};

/**
 * A deterministic QBO DocNumber (at most 21 characters): kind letter, the period as YYYYMM and a
 * digest of the EstateCore key, e.g. "R202603-0K3J9ZA1BC". The same record always gets the same
 * number, so a retried create is recognizable by DocNumber.
 *
 * @example
 * ```ts
 * docNumber("rent_invoice", "2026-03", "lease_1|2026-03"); // "R202603-" + shortDigest("lease_1|2026-03")
 * ```
 */
export function docNumber(kind: DocKind, date: string, key: string): string {
  const yyyymm = date.slice(0, 7).replace("-", "");
  return `${KIND_PREFIX[kind]}${yyyymm}-${shortDigest(`${kind}|${key}`)}`;
}
