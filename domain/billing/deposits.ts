import type { CalendarDate } from "../shared/calendar_date.ts";
import type { BillingCharge } from "./billing_charge.ts";
import type { PaymentAllocation } from "./payment_allocation.ts";

/**
 * A movement of a tenant's security deposit. A deposit is a liability, never income:
 * - `received`: deposit charge paid by the tenant (the liability grows);
 * - `refunded`: returned to the tenant at move-out (QBO Check against the liability);
 * - `kept`: retained for damages (JournalEntry liability -> income);
 * - `applied`: applied to unpaid charges (JournalEntry liability -> A/R, linked to the open invoice).
 * Amounts are positive cents; the kind gives the direction.
 */
export interface DepositTransaction {
  readonly tenantId: string;
  readonly propertyId: string;
  readonly leaseId: string;
  readonly date: CalendarDate;
  readonly kind: "received" | "refunded" | "kept" | "applied";
  readonly amountCents: number;
}

/** The deposit liability of one tenant or one property, with its components. */
export interface DepositBalance {
  readonly id: string;
  readonly receivedCents: number;
  readonly refundedCents: number;
  readonly keptCents: number;
  readonly appliedCents: number;
  /** received - refunded - kept - applied: what is still held. */
  readonly balanceCents: number;
}

/** Deposit balances per tenant and per property, plus the tenants whose balance went negative. */
export interface DepositBalances {
  readonly byTenant: DepositBalance[];
  readonly byProperty: DepositBalance[];
  readonly totalCents: number;
  /** Tenant ids that were refunded/kept/applied more than they paid: always a bookkeeping error. */
  readonly overdrawnTenantIds: string[];
}

/**
 * Deposit balances derived from the deposit transactions dated on or before `asOf` (all when absent),
 * per tenant and per property, sorted by id. The balance is always derivable: it is never stored.
 *
 * @example
 * ```ts
 * const t = { tenantId: "t1", propertyId: "p1", leaseId: "l1" };
 * const balances = depositBalances([
 *   { ...t, date: "2025-01-01", kind: "received", amountCents: 150_000 },
 *   { ...t, date: "2026-01-15", kind: "kept", amountCents: 30_000 },
 *   { ...t, date: "2026-01-15", kind: "refunded", amountCents: 120_000 },
 * ]);
 * balances.byTenant[0].balanceCents; // 0
 * ```
 */
export function depositBalances(
  transactions: readonly DepositTransaction[],
  asOf?: CalendarDate,
): DepositBalances {
  const byTenant = new Map<string, MutableBalance>();
  const byProperty = new Map<string, MutableBalance>();
  for (const tx of transactions) {
    if (asOf !== undefined && tx.date > asOf) continue;
    addTo(byTenant, tx.tenantId, tx);
    addTo(byProperty, tx.propertyId, tx);
  }
  const tenants = finish(byTenant);
  const properties = finish(byProperty);
  return {
    byTenant: tenants,
    byProperty: properties,
    totalCents: properties.reduce((sum, b) => sum + b.balanceCents, 0),
    overdrawnTenantIds: tenants.filter((b) => b.balanceCents < 0).map((b) => b.id),
  };
}

/**
 * The `received` deposit transactions implied by payments allocated to `security_deposit` charges:
 * a deposit becomes a liability when it is paid, not when it is billed.
 *
 * @example
 * ```ts
 * const charge = { key: "d1", leaseId: "l1", tenantId: "t1", propertyId: "p1",
 *   type: "security_deposit" as const, period: "2025-01", dueDate: "2025-01-01",
 *   amountCents: 150_000, currency: "USD" };
 * depositReceipts([charge], [{ paymentId: "p", chargeKey: "d1", date: "2025-01-02", amountCents: 150_000 }])
 *   [0].kind; // "received"
 * ```
 */
export function depositReceipts(
  charges: readonly BillingCharge[],
  allocations: readonly PaymentAllocation[],
): DepositTransaction[] {
  const depositCharges = new Map<string, BillingCharge>();
  for (const c of charges) if (c.type === "security_deposit") depositCharges.set(c.key, c);
  const receipts: DepositTransaction[] = [];
  for (const a of allocations) {
    const charge = depositCharges.get(a.chargeKey);
    if (charge === undefined) continue;
    receipts.push({
      tenantId: charge.tenantId,
      propertyId: charge.propertyId,
      leaseId: charge.leaseId,
      date: a.date,
      kind: "received",
      amountCents: a.amountCents,
    });
  }
  return receipts;
}

interface MutableBalance {
  receivedCents: number;
  refundedCents: number;
  keptCents: number;
  appliedCents: number;
}

function addTo(map: Map<string, MutableBalance>, id: string, tx: DepositTransaction): void {
  let b = map.get(id);
  if (b === undefined) {
    b = { receivedCents: 0, refundedCents: 0, keptCents: 0, appliedCents: 0 };
    map.set(id, b);
  }
  if (tx.kind === "received") b.receivedCents += tx.amountCents;
  else if (tx.kind === "refunded") b.refundedCents += tx.amountCents;
  else if (tx.kind === "kept") b.keptCents += tx.amountCents;
  else b.appliedCents += tx.amountCents;
}

function finish(map: Map<string, MutableBalance>): DepositBalance[] {
  return [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, b]) => ({
      id,
      ...b,
      balanceCents: b.receivedCents - b.refundedCents - b.keptCents - b.appliedCents,
    }));
}
