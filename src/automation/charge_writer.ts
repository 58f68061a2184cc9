import { type Charge, ChargeSchema } from "../../domain/model/estatecore/charge.ts";
import type { RecordMirror } from "../../domain/ports/record_mirror.ts";

const CHUNK = 500;

/**
 * Stores generated charges in the mirror, like charges EstateCore sends: validated by the charge
 * schema, versioned, picked up by the next push. Ids are deterministic, so writing the same charge
 * again is `unchanged`. Returns how many were new.
 */
export async function writeGeneratedCharges(
  mirror: RecordMirror,
  orgId: string,
  charges: readonly Charge[],
  now: string,
): Promise<number> {
  let created = 0;
  for (let start = 0; start < charges.length; start += CHUNK) {
    const chunk = charges.slice(start, start + CHUNK).map((c) => ChargeSchema.parse(c));
    const results = await mirror.upsertMany(
      orgId,
      chunk.map((c) => ({ recordType: "charge", recordId: c.id, propertyId: c.property_id, data: c })),
      now,
    );
    created += results.filter((r) => r.outcome === "created").length;
  }
  return created;
}

/** A charge as a run's report lists it. */
export function chargeSummary(charge: Charge) {
  return {
    id: charge.id,
    lease_id: charge.lease_id,
    property_id: charge.property_id,
    period: charge.billing_period,
    due_date: charge.due_date,
    amount_cents: charge.amount.cents,
    description: charge.description ?? null,
  };
}

/** Lists are cut at this length in stored reports; counts and totals always cover everything. */
export const REPORT_LIST_LIMIT = 200;
