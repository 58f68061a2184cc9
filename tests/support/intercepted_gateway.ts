import type { QuickBooksGateway } from "../../domain/ports/quickbooks_gateway.ts";

/** The gateway `g` with its `writeBatch` replaced by `writeBatch` (which may call `g.writeBatch`). */
export function withWriteBatch(
  g: QuickBooksGateway,
  writeBatch: QuickBooksGateway["writeBatch"],
): QuickBooksGateway {
  return {
    readCompanyProfile: (t) => g.readCompanyProfile(t),
    read: (t, e, id) => g.read(t, e, id),
    query: (t, r) => g.query(t, r),
    queryPage: (t, r) => g.queryPage(t, r),
    writeEntity: (t, w) => g.writeEntity(t, w),
    changesSince: (t, e, s) => g.changesSince(t, e, s),
    fetchReport: (t, r) => g.fetchReport(t, r),
    circuitStatus: (realm) => g.circuitStatus(realm),
    circuitReport: (realm) => g.circuitReport(realm),
    writeBatch,
  };
}
