/**
 * Intuit stamps every response with an `intuit_tid` transaction id (clients log it for support).
 * Ids come from the seeded random source, in Intuit's "1-<8 hex>-<24 hex>" shape.
 */
import type { MiddlewareHandler } from "hono";
import type { SeededRandom } from "../clock/seeded_random.ts";

export type TransactionIdSource = () => string;

export function seededTransactionIds(random: SeededRandom): TransactionIdSource {
  return () => `1-${random.hex(8)}-${random.hex(24)}`;
}

/** Adds `intuit_tid` to every response that does not carry one yet. */
export function intuitTidMiddleware(newTid: TransactionIdSource): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has("intuit_tid")) {
      try {
        c.res.headers.set("intuit_tid", newTid());
      } catch {
        // Immutable headers (a fetched Response passed through): copy it.
        c.res = new Response(c.res.body, c.res);
        c.res.headers.set("intuit_tid", newTid());
      }
    }
  };
}
