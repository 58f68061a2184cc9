import { z } from "zod";
import { CalendarDateSchema } from "../shared/calendar_date.ts";
import { CentsSchema, CurrencySchema } from "../shared/money.ts";

/**
 * The rent terms of one lease: a monthly amount due on a day of the month between a start date and
 * an optional end date. Validate untrusted input with {@link RentScheduleSchema}.
 */
export const RentScheduleSchema = z.object({
  leaseId: z.string().min(1),
  tenantId: z.string().min(1),
  propertyId: z.string().min(1),
  /** Monthly rent in cents. */
  amountCents: CentsSchema.refine((c) => c >= 0, "rent must not be negative"),
  currency: CurrencySchema,
  /** Day of the month rent is due (1..31, clamped to the month's last day). */
  dueDay: z.number().int().min(1).max(31),
  startDate: CalendarDateSchema,
  /** Last day of the lease, inclusive; absent for an open-ended (month-to-month) lease. */
  endDate: CalendarDateSchema.optional(),
}).refine((s) => s.endDate === undefined || s.endDate >= s.startDate, {
  message: "endDate must not be before startDate",
  path: ["endDate"],
});
export type RentSchedule = z.infer<typeof RentScheduleSchema>;
