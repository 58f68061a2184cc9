/**
 * Deterministic sample portfolios for sync tests and the demo: properties with units, tenants with
 * leases, monthly rent charges, deposits, payments (full, partial, late and returned), vendors and
 * bills. Everything derives from the arguments; no randomness.
 */
import type { MirrorRecordType, MirrorWrite } from "../../domain/ports/record_mirror.ts";

export interface PortfolioShape {
  readonly properties: number;
  readonly unitsPerProperty: number;
  /** Months of rent, starting January 2026. */
  readonly months: number;
  /** A monthly repair bill per property from one of two vendors, paid a week later. */
  readonly bills?: boolean;
  /** The first tenant moves out after the last month: deposit refunded less damages and unpaid rent. */
  readonly moveOut?: boolean;
}

/** What the moving-out tenant leaves unpaid of the last rent (taken from the deposit). */
const MOVE_OUT_UNPAID_CENTS = 30_000;
const usd = (cents: number) => ({ cents, currency: "USD" });
const pad = (n: number) => String(n).padStart(2, "0");
const STREETS = [
  "Maple Court",
  "Oak Plaza",
  "Birch Lane",
  "Cedar Row",
  "Elm Terrace",
  "Pine Gardens",
  "Willow Way",
];
const FIRST = ["Jane", "John", "Maria", "Wei", "Aisha", "Carlos", "Olga", "Liam", "Noor", "Sean"];
const LAST = ["Doe", "O'Brien", "Garcia", "Chen", "Khan", "Silva", "Ivanova", "Smith", "Haddad", "Murphy"];

function write(
  recordType: MirrorRecordType,
  data: Record<string, unknown>,
  propertyId: string | null,
): MirrorWrite {
  return { recordType, recordId: String(data.id), propertyId, data };
}

/** The records of a generated portfolio, in dependency order. */
export function samplePortfolio(shape: PortfolioShape): MirrorWrite[] {
  const out: MirrorWrite[] = [];
  if (shape.bills) {
    out.push(
      write("vendor", { id: "ven_1", name: "Acme Plumbing", email: "billing@acme-plumbing.example" }, null),
    );
    out.push(write("vendor", { id: "ven_2", name: "Bright Electric" }, null));
  }
  let tenantNo = 0;
  for (let p = 1; p <= shape.properties; p++) {
    const propertyId = `prop_${p}`;
    out.push(
      write("property", {
        id: propertyId,
        organization_id: "org-1",
        name: `${STREETS[(p - 1) % STREETS.length]} ${p}`,
      }, propertyId),
    );
    for (let u = 1; u <= shape.unitsPerProperty; u++) {
      tenantNo++;
      const unitId = `unit_${p}_${u}`;
      const tenantId = `ten_${p}_${u}`;
      const leaseId = `lease_${p}_${u}`;
      const rent = 100_000 + ((tenantNo * 7919) % 20) * 2_500;
      out.push(
        write("unit", { id: unitId, property_id: propertyId, unit_number: `${u}${"AB"[u % 2]}` }, propertyId),
      );
      out.push(write("tenant", {
        id: tenantId,
        first_name: FIRST[tenantNo % FIRST.length],
        last_name: LAST[(tenantNo * 3) % LAST.length],
        email: `tenant${tenantNo}@example.com`,
        property_id: propertyId,
        unit_id: unitId,
      }, propertyId));
      out.push(write("lease", {
        id: leaseId,
        property_id: propertyId,
        unit_id: unitId,
        tenant_ids: [tenantId],
        rent: usd(rent),
        due_day: 1,
        start_date: "2026-01-01",
        security_deposit: usd(rent),
      }, propertyId));
      const base = { lease_id: leaseId, tenant_id: tenantId, property_id: propertyId, unit_id: unitId };
      out.push(write("charge", {
        ...base,
        id: `chg_dep_${p}_${u}`,
        type: "security_deposit",
        amount: usd(rent),
        billing_period: "2026-01",
        service_period: { start: "2026-01-01", end: "2026-01-01" },
        due_date: "2026-01-01",
      }, propertyId));
      for (let m = 1; m <= shape.months; m++) {
        const period = `2026-${pad(m)}`;
        const chargeId = `chg_rent_${p}_${u}_${pad(m)}`;
        out.push(write("charge", {
          ...base,
          id: chargeId,
          type: "rent",
          amount: usd(rent),
          billing_period: period,
          service_period: { start: `${period}-01`, end: `${period}-28` },
          due_date: `${period}-01`,
        }, propertyId));
        // Most pay in full on time; every 5th tenant pays part; every 7th pays late; one returns a check.
        // On a move-out, the leaving tenant's last rent is short; the deposit covers the rest.
        const partial = tenantNo % 5 === 0;
        const short = shape.moveOut && tenantNo === 1 && m === shape.months ? MOVE_OUT_UNPAID_CENTS : 0;
        const paid = (partial ? Math.round(rent * 0.6) : rent) - short;
        const day = tenantNo % 7 === 0 ? 12 : 3;
        out.push(write("payment", {
          id: `pay_${p}_${u}_${pad(m)}`,
          lease_id: leaseId,
          tenant_id: tenantId,
          property_id: propertyId,
          amount: usd(paid),
          date: `${period}-${pad(day)}`,
          method: "ach",
          reference: `ACH${p}${u}${pad(m)}`,
          allocations: [{ charge_id: chargeId, amount: usd(paid) }],
          status: tenantNo === 3 && m === 1 ? "returned" : "cleared",
          ...(tenantNo === 3 && m === 1 ? { returned_on: `${period}-10` } : {}),
        }, propertyId));
      }
    }
    for (let m = 1; shape.bills && m <= shape.months; m++) {
      const period = `2026-${pad(m)}`;
      const amount = 25_000 + ((p * 31 + m * 17) % 10) * 5_000;
      out.push(write("expense", {
        id: `exp_${p}_${pad(m)}`,
        vendor_id: m % 2 === 0 ? "ven_1" : "ven_2",
        property_id: propertyId,
        category: "repairs_maintenance",
        amount: usd(amount),
        description: `Repairs ${period}`,
        bill_date: `${period}-15`,
        due_date: `${period}-28`,
        settlement: "bill",
        payment: { id: `billpay_${p}_${pad(m)}`, date: `${period}-22`, amount: usd(amount), method: "check" },
      }, propertyId));
    }
  }
  if (shape.moveOut) {
    // Tenant 1/1 leaves owing part of the last rent: $250 kept for damages, the deposit pays the
    // unpaid rent (a journal entry applied to the invoice by a $0 payment), the rest is refunded.
    const lease = out.find((r) => r.recordId === "lease_1_1")!;
    const held = (lease.data.security_deposit as { cents: number }).cents;
    const unpaid = MOVE_OUT_UNPAID_CENTS;
    out.push(write("deposit_disposition", {
      id: "disp_1_1",
      lease_id: "lease_1_1",
      tenant_id: "ten_1_1",
      property_id: "prop_1",
      date: `2026-${pad(shape.months)}-28`,
      deposit_held: usd(held),
      refund: usd(held - 25_000 - unpaid),
      kept_for_damages: usd(25_000),
      applied_to_unpaid_rent: usd(unpaid),
      applied_charges: [{ charge_id: `chg_rent_1_1_${pad(shape.months)}`, amount: usd(unpaid) }],
      damage_description: "Carpet replacement",
    }, "prop_1"));
  }
  return out;
}

/** Account mapping defaults for the emulator's default chart of accounts (ids looked up by name). */
export async function emulatorAccountMapping(accountId: (name: string) => Promise<string>) {
  return {
    accounts: {
      rental_income: await accountId("Rental Income"),
      late_fee_income: await accountId("Late Fee Income"),
      other_income: await accountId("Services"),
      security_deposit_liability: await accountId("Security Deposits Liability"),
      accounts_receivable: await accountId("Accounts Receivable (A/R)"),
      undeposited_funds: await accountId("Undeposited Funds"),
      operating_bank: await accountId("Checking"),
      accounts_payable: await accountId("Accounts Payable (A/P)"),
    },
    expense_accounts: {
      repairs_maintenance: await accountId("Repairs and Maintenance"),
      utilities: await accountId("Utilities"),
    },
  };
}
