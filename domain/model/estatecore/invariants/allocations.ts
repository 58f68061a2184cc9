import type { MirrorRecordType } from "../../../ports/record_mirror.ts";
import {
  centsOf,
  type InvariantIssue,
  issue,
  list,
  type RecordData,
  type RecordLookup,
  text,
} from "./record_context.ts";

/** One part of a payment or deposit disposition applied to a charge. */
export interface ChargeAllocation {
  readonly chargeId: string;
  readonly cents: number;
}

/** Payment statuses whose allocations no longer apply (the money never arrived or was cancelled). */
const DEAD_PAYMENT_STATUSES = new Set(["void", "returned"]);

/**
 * What a record applies to charges: a live payment's allocations or a disposition's applied charges;
 * nothing for other types and for void or returned payments.
 */
export function allocationsOf(type: MirrorRecordType, data: RecordData): ChargeAllocation[] {
  const field = type === "payment"
    ? "allocations"
    : type === "deposit_disposition"
    ? "applied_charges"
    : null;
  if (field === null) return [];
  if (type === "payment" && DEAD_PAYMENT_STATUSES.has(text(data, "status") ?? "cleared")) return [];
  return list(data, field).flatMap((a) => {
    const chargeId = text(a as RecordData, "charge_id");
    const cents = centsOf((a as RecordData | null)?.amount);
    return chargeId === undefined || cents === undefined ? [] : [{ chargeId, cents }];
  });
}

/**
 * A charge is never paid more than its amount: what this record applies to each charge plus what
 * every other live payment and disposition applies to it (`allocatedByOthers`, which must leave out
 * this record's own earlier version) must not exceed the charge's amount; a void charge receives
 * nothing; an allocation is in the charge's currency.
 *
 * @example
 * ```ts
 * const lookup = () => ({ amount: { cents: 100, currency: "USD" }, status: "open" });
 * const pay = { allocations: [{ charge_id: "c1", amount: { cents: 60, currency: "USD" } }] };
 * allocationIssues("payment", pay, lookup, () => 50)[0].path; // "allocations.0.amount"
 * ```
 */
export function allocationIssues(
  type: MirrorRecordType,
  data: RecordData,
  lookup: RecordLookup,
  allocatedByOthers: (chargeId: string) => number,
): InvariantIssue[] {
  const field = type === "payment"
    ? "allocations"
    : type === "deposit_disposition"
    ? "applied_charges"
    : null;
  if (field === null) return [];
  const live = allocationsOf(type, data).length > 0;
  const out: InvariantIssue[] = [];
  list(data, field).forEach((a, i) => {
    const chargeId = text(a as RecordData, "charge_id");
    const charge = chargeId === undefined ? undefined : lookup("charge", chargeId);
    if (chargeId === undefined || charge === undefined) return;
    const currency = (((a as RecordData).amount ?? {}) as RecordData).currency;
    const chargeCurrency = ((charge.amount ?? {}) as RecordData).currency;
    if (currency !== chargeCurrency) {
      out.push(
        issue(
          `${field}.${i}.amount.currency`,
          `must be the charge's currency ${String(chargeCurrency)}`,
          "currency_mismatch",
        ),
      );
    }
    if (!live) return;
    if (text(charge, "status") === "void") {
      out.push(
        issue(
          `${field}.${i}.charge_id`,
          `charge ${chargeId} is void and cannot receive allocations`,
          "void_charge",
        ),
      );
      return;
    }
    const amount = centsOf(charge.amount) ?? 0;
    const others = allocatedByOthers(chargeId);
    const mine = centsOf((a as RecordData).amount) ?? 0;
    if (others + mine > amount) {
      out.push(issue(
        `${field}.${i}.amount`,
        `charge ${chargeId} of ${amount} cents has ${Math.max(0, amount - others)} cents left to allocate ` +
          `(${others} already allocated by other payments and dispositions)`,
        "over_allocation",
      ));
    }
  });
  return out;
}

/**
 * A charge is never worth less than what is applied to it: a charge re-sent with a smaller amount
 * (or voided) while live payments and dispositions still apply `allocated` cents to it is refused
 * until those are re-sent with smaller allocations (in the same request or before).
 *
 * @example
 * ```ts
 * chargeAllocationIssues({ amount: { cents: 100, currency: "USD" }, status: "open" }, 150)[0].path; // "amount"
 * ```
 */
export function chargeAllocationIssues(data: RecordData, allocated: number): InvariantIssue[] {
  if (allocated === 0) return [];
  if (text(data, "status") === "void") {
    return [issue(
      "status",
      `live payments and dispositions still apply ${allocated} cents to this charge: re-send them without it before voiding`,
      "allocated_charge",
    )];
  }
  const amount = centsOf(data.amount) ?? 0;
  return allocated > amount
    ? [issue(
      "amount",
      `must be at least the ${allocated} cents live payments and dispositions apply to this charge`,
      "over_allocation",
    )]
    : [];
}
