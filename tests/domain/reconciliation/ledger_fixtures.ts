import fc from "fast-check";
import type { LedgerRecord } from "../../../domain/reconciliation/ledger_record.ts";

/** An active EstateCore invoice; override what the test is about. */
export function ecRecord(overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    side: "estatecore",
    id: "e1",
    kind: "invoice",
    customerId: "t-jane",
    propertyId: "p-maple",
    amountCents: 150_000,
    date: "2026-05-01",
    status: "active",
    ...overrides,
  };
}

/** The QBO mirror of an EstateCore record: id "q<rest>", and the EstateCore record links to it. */
export function mirror(
  records: readonly LedgerRecord[],
): { estatecore: LedgerRecord[]; quickbooks: LedgerRecord[] } {
  const estatecore = records.map((r) => ({
    ...r,
    side: "estatecore" as const,
    linkedId: `q${r.id.slice(1)}`,
  }));
  const quickbooks = records.map((r) => ({
    ...r,
    side: "quickbooks" as const,
    id: `q${r.id.slice(1)}`,
    linkedId: undefined,
  }));
  return { estatecore, quickbooks };
}

/** A random EstateCore ledger with unique ids e0, e1, ... */
export const ledgerArb: fc.Arbitrary<LedgerRecord[]> = fc.array(
  fc.record({
    kind: fc.constantFrom(
      "invoice" as const,
      "payment" as const,
      "deposit_liability" as const,
      "credit_memo" as const,
    ),
    customerId: fc.constantFrom("t0", "t1", "t2", "t3"),
    propertyId: fc.constantFrom("p0", "p1"),
    amountCents: fc.integer({ min: 1, max: 500_000 }),
    day: fc.integer({ min: 0, max: 200 }),
    docNumber: fc.option(fc.stringMatching(/^[0-9]{3}$/), { nil: undefined }),
    status: fc.constantFrom("active" as const, "active" as const, "active" as const, "voided" as const),
  }),
  { minLength: 1, maxLength: 40 },
).map((rows) =>
  rows.map((r, i) => ({
    side: "estatecore" as const,
    id: `e${i}`,
    kind: r.kind,
    customerId: r.customerId,
    propertyId: r.propertyId,
    amountCents: r.amountCents,
    date: new Date(Date.UTC(2026, 0, 1 + r.day)).toISOString().slice(0, 10),
    docNumber: r.docNumber,
    status: r.status,
  }))
);
