import type { z } from "zod";
import { QboCallError } from "../qbo_call_error.ts";

/**
 * Parses a response body at the edge; a body that does not match is QBO misbehaving (QB007),
 * reported with the intuit_tid so support can find it. No unparsed value leaves the adapter.
 */
export function parseWire<T extends z.ZodType>(
  schema: T,
  response: { readonly body: unknown; readonly status: number; readonly intuitTid: string | null },
  what: string,
): z.infer<T> {
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return parsed.data;
  throw new QboCallError("QB007", `QuickBooks sent an unexpected ${what}`, {
    status: response.status,
    retryable: false,
    intuitTid: response.intuitTid,
  }, { cause: parsed.error });
}
