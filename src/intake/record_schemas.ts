import type { z } from "zod";
import { ChargeSchema } from "../../domain/model/estatecore/charge.ts";
import { DepositDispositionSchema } from "../../domain/model/estatecore/deposit_disposition.ts";
import { ExpenseSchema } from "../../domain/model/estatecore/expense.ts";
import { LeaseSchema } from "../../domain/model/estatecore/lease.ts";
import { PaymentSchema } from "../../domain/model/estatecore/payment.ts";
import { PropertySchema } from "../../domain/model/estatecore/property.ts";
import { TenantSchema } from "../../domain/model/estatecore/tenant.ts";
import { UnitSchema } from "../../domain/model/estatecore/unit.ts";
import { VendorSchema } from "../../domain/model/estatecore/vendor.ts";
import type { MirrorRecordType } from "../../domain/ports/record_mirror.ts";

/** The domain schema that validates each record type on intake. */
export const RECORD_SCHEMAS: Readonly<Record<MirrorRecordType, z.ZodType<Record<string, unknown>>>> = {
  property: PropertySchema,
  unit: UnitSchema,
  tenant: TenantSchema,
  lease: LeaseSchema,
  charge: ChargeSchema,
  payment: PaymentSchema,
  deposit_disposition: DepositDispositionSchema,
  vendor: VendorSchema,
  expense: ExpenseSchema,
};

/**
 * The property a validated record belongs to: a property is its own; vendors are organization-wide
 * (null); a tenant without a current residence is too.
 */
export function propertyIdOf(
  recordType: MirrorRecordType,
  data: Readonly<Record<string, unknown>>,
): string | null {
  if (recordType === "property") return String(data.id);
  if (recordType === "vendor") return null;
  return typeof data.property_id === "string" ? data.property_id : null;
}
