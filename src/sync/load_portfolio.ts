import type { MirroredRecord, MirrorRecordType, RecordMirror } from "../../domain/ports/record_mirror.ts";
import type { Portfolio, Versioned } from "../../domain/sync_engine/portfolio.ts";

const PAGE = 1000;

async function loadType<T>(
  mirror: RecordMirror,
  orgId: string,
  type: MirrorRecordType,
): Promise<Versioned<T>[]> {
  const out: Versioned<T>[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page: MirroredRecord[] = await mirror.list(orgId, type, {
      limit: PAGE,
      afterId,
      includeDeleted: true,
    });
    for (const r of page) out.push({ data: r.data as T, version: r.version, deleted: r.deleted });
    if (page.length < PAGE) return out;
    afterId = page[page.length - 1].recordId;
  }
}

/**
 * Reads an organization's whole portfolio (live records and tombstones) from the local mirror.
 * Record types the org does not sync are left empty.
 */
export async function loadPortfolio(
  mirror: RecordMirror,
  orgId: string,
  recordTypes: readonly MirrorRecordType[],
): Promise<Portfolio> {
  const want = new Set(recordTypes);
  const load = <T>(type: MirrorRecordType) =>
    want.has(type) ? loadType<T>(mirror, orgId, type) : Promise.resolve([]);
  const [properties, units, tenants, leases, charges, payments, dispositions, vendors, expenses] =
    await Promise.all([
      load("property"),
      load("unit"),
      load("tenant"),
      load("lease"),
      load("charge"),
      load("payment"),
      load("deposit_disposition"),
      load("vendor"),
      load("expense"),
    ]);
  return {
    properties,
    units,
    tenants,
    leases,
    charges,
    payments,
    dispositions,
    vendors,
    expenses,
  } as Portfolio;
}
