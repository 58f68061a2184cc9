import type { Charge } from "../model/estatecore/charge.ts";
import type { DepositDisposition } from "../model/estatecore/deposit_disposition.ts";
import type { Expense } from "../model/estatecore/expense.ts";
import type { Lease } from "../model/estatecore/lease.ts";
import type { Payment } from "../model/estatecore/payment.ts";
import type { Property } from "../model/estatecore/property.ts";
import type { Tenant } from "../model/estatecore/tenant.ts";
import type { Unit } from "../model/estatecore/unit.ts";
import type { Vendor } from "../model/estatecore/vendor.ts";

/** A mirrored EstateCore record with its mirror version; `deleted` records are tombstones. */
export interface Versioned<T> {
  readonly data: T;
  readonly version: number;
  readonly deleted: boolean;
}

/**
 * An organization's EstateCore records as the sync engine reads them from the local mirror. Every
 * list holds live records and tombstones; the desired-state builder decides what each becomes.
 */
export interface Portfolio {
  readonly properties: readonly Versioned<Property>[];
  readonly units: readonly Versioned<Unit>[];
  readonly tenants: readonly Versioned<Tenant>[];
  readonly leases: readonly Versioned<Lease>[];
  readonly charges: readonly Versioned<Charge>[];
  readonly payments: readonly Versioned<Payment>[];
  readonly dispositions: readonly Versioned<DepositDisposition>[];
  readonly vendors: readonly Versioned<Vendor>[];
  readonly expenses: readonly Versioned<Expense>[];
}

/** An empty portfolio, to spread and fill in. */
export function emptyPortfolio(): Portfolio {
  return {
    properties: [],
    units: [],
    tenants: [],
    leases: [],
    charges: [],
    payments: [],
    dispositions: [],
    vendors: [],
    expenses: [],
  };
}
