import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";
import { withWriteBatch } from "./intercepted_gateway.ts";

/**
 * A gateway whose process "dies" right after QBO executed its `dieAfter`-th batch: QBO holds the
 * objects, the caller never sees the answer (the crash the push must recover from).
 */
export function dyingGateway(
  g: QuickBooksGateway,
  dieAfter: number,
  message = "process killed",
): QuickBooksGateway {
  let batches = 0;
  return withWriteBatch(g, async (t, items, requestId) => {
    const outcome = await g.writeBatch(t, items, requestId);
    if (++batches === dieAfter) throw new Error(message);
    return outcome;
  });
}
