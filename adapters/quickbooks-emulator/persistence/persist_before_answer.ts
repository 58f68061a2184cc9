import type { MiddlewareHandler } from "hono";
import { serviceFaultResponse } from "../gateway/gateway_faults.ts";

/**
 * Middleware that runs `commit` after the handler and before the answer leaves, so a client never
 * hears of a write the emulator could still lose. When the write cannot be made durable (disk full,
 * no permission), the client gets QBO's 500 SystemFault instead of the handler's answer: it
 * resubmits, and the change, still in memory, is committed by a later request.
 *
 * @example
 * ```ts
 * app.use("*", persistBeforeAnswer(() => companies.commit(), () => clock.now()));
 * ```
 */
export function persistBeforeAnswer(commit: () => void, now: () => Date): MiddlewareHandler {
  return async (c, next) => {
    await next();
    try {
      commit();
    } catch {
      c.res = serviceFaultResponse(500, now());
    }
  };
}
