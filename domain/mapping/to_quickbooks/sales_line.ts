import { centsToDecimal } from "../../shared/money.ts";
import type { QboPayload } from "../../model/quickbooks/qbo_payload.ts";
import { compact, ref } from "./qbo_refs.ts";

/** What one invoice line says, in the core's terms. */
export interface SalesLineInput {
  readonly amountCents: number;
  readonly itemId: string;
  readonly serviceDate?: string;
  readonly description?: string;
  readonly classRef?: QboPayload;
}

/**
 * A SalesItemLineDetail line with Qty 1 and UnitPrice equal to Amount, so QBO's
 * Amount = Qty x UnitPrice check (error 6070) can never fire, even on prorated cents.
 *
 * @example
 * ```ts
 * salesLine({ amountCents: 150_000, itemId: "7", serviceDate: "2026-03-01" });
 * // { Amount: 1500, DetailType: "SalesItemLineDetail",
 * //   SalesItemLineDetail: { ItemRef: { value: "7" }, Qty: 1, UnitPrice: 1500, ServiceDate: "2026-03-01" } }
 * ```
 */
export function salesLine(input: SalesLineInput): QboPayload {
  const amount = centsToDecimal(input.amountCents);
  return compact({
    Amount: amount,
    DetailType: "SalesItemLineDetail",
    Description: input.description,
    SalesItemLineDetail: compact({
      ItemRef: ref(input.itemId),
      Qty: 1,
      UnitPrice: amount,
      ServiceDate: input.serviceDate,
      ClassRef: input.classRef,
    }),
  });
}
