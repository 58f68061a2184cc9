import { z } from "zod";
import { CalendarDateSchema } from "../shared/calendar_date.ts";
import { CentsSchema } from "../shared/money.ts";

/**
 * One financial record of either ledger, normalized so both sides compare field by field.
 * Both sides are mapped into EstateCore's id space before reconciling: `customerId` is the tenant id
 * and `propertyId` the property id (a QBO customer or class without a link keeps a prefixed QBO id,
 * e.g. "qbo:58", so it can never match by accident). `linkedId` is the other side's id when a sync
 * link (or the QBO object's reference to EstateCore) says so. `postedTo` is where QBO booked the
 * amount, when known: it is what reveals a deposit booked as income.
 */
export const LedgerRecordSchema = z.object({
  side: z.enum(["estatecore", "quickbooks"]),
  id: z.string().min(1),
  kind: z.enum([
    "invoice",
    "credit_memo",
    "payment",
    "deposit_liability",
    "bill",
    "expense",
    "journal",
    "refund",
  ]),
  linkedId: z.string().min(1).optional(),
  customerId: z.string(),
  propertyId: z.string(),
  /** Signed cents; for deposit_liability, positive when held, negative when refunded/kept/applied. */
  amountCents: CentsSchema,
  date: CalendarDateSchema,
  docNumber: z.string().optional(),
  status: z.enum(["active", "voided", "deleted"]),
  postedTo: z.enum(["income", "liability", "receivable", "expense", "asset"]).optional(),
});
export type LedgerRecord = z.infer<typeof LedgerRecordSchema>;
export type LedgerSide = LedgerRecord["side"];
