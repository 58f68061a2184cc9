import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";

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
  return {
    readCompanyProfile: (t) => g.readCompanyProfile(t),
    read: (t, e, id) => g.read(t, e, id),
    query: (t, r) => g.query(t, r),
    changesSince: (t, e, s) => g.changesSince(t, e, s),
    fetchReport: (t, r) => g.fetchReport(t, r),
    circuitStatus: (realm) => g.circuitStatus(realm),
    circuitReport: (realm) => g.circuitReport(realm),
    writeBatch: async (t, items, key) => {
      const outcome = await g.writeBatch(t, items, key);
      if (++batches === dieAfter) throw new Error(message);
      return outcome;
    },
  };
}
