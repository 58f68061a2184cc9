import type { z } from "zod";
import type { MirrorRecordType } from "../../ports/record_mirror.ts";
import { ChargeSchema } from "./charge.ts";
import { DepositDispositionSchema } from "./deposit_disposition.ts";
import { ExpenseSchema } from "./expense.ts";
import { LeaseSchema } from "./lease.ts";
import { PaymentSchema } from "./payment.ts";
import { PropertySchema } from "./property.ts";
import { TenantSchema } from "./tenant.ts";
import { UnitSchema } from "./unit.ts";
import { VendorSchema } from "./vendor.ts";

/**
 * The one schema of each record type: the intake validates with it, and the HTTP adapter documents
 * it (each carries its component name in `.meta({ id })`), so the OpenAPI document and the SDK show
 * exactly what the intake accepts.
 *
 * @example
 * ```ts
 * RECORD_SCHEMAS.vendor.parse({ id: "ven_1", name: "Ace Plumbing" }).active; // true
 * ```
 */
export const RECORD_SCHEMAS = {
  property: PropertySchema,
  unit: UnitSchema,
  tenant: TenantSchema,
  lease: LeaseSchema,
  charge: ChargeSchema,
  payment: PaymentSchema,
  deposit_disposition: DepositDispositionSchema,
  vendor: VendorSchema,
  expense: ExpenseSchema,
} as const satisfies Readonly<Record<MirrorRecordType, z.ZodType<Record<string, unknown>>>>;

/** The validated data of a record of type `T`. */
export type RecordDataOf<T extends MirrorRecordType> = z.output<typeof RECORD_SCHEMAS[T]>;
