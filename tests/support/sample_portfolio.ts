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
}

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
        const partial = tenantNo % 5 === 0;
        const paid = partial ? Math.round(rent * 0.6) : rent;
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
