import type { QuickBooksGateway, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { SyncSettings } from "../../domain/ports/sync_settings_repository.ts";
import {
  estatecoreLedger,
  type LedgerPeriod,
  type LedgerSource,
} from "../../domain/reconciliation/ledger_from_estatecore.ts";
import { quickbooksLedger } from "../../domain/reconciliation/ledger_from_quickbooks.ts";
import type { LedgerRecord } from "../../domain/reconciliation/ledger_record.ts";
import {
  type ReconciliationDirectory,
  reconciliationDirectory,
} from "../../domain/reconciliation/reconciliation_directory.ts";
import type { QboObject } from "../../domain/reconciliation/quickbooks_books.ts";
import { type DesiredRecord, syncKey } from "../../domain/sync/sync_record.ts";
import type { Portfolio } from "../../domain/sync_engine/portfolio.ts";
import type { StoredSyncLink } from "../../domain/ports/sync_link_repository.ts";
import type { DesiredRecordDependencies } from "../../domain/ports/desired_record_sources.ts";
import { loadDesiredSnapshot } from "../sync/desired_snapshot.ts";
import { fetchQuickBooksBooks } from "./fetch_quickbooks_books.ts";

export interface LedgerDependencies extends DesiredRecordDependencies {
  readonly gateway: QuickBooksGateway;
}

/** Both ledgers of a period and everything a resolution needs to act on them. */
export interface ReconciliationLedgers {
  readonly estatecore: LedgerRecord[];
  readonly quickbooks: LedgerRecord[];
  /** Ledger id -> the sync record (EstateCore side) or QBO object (QuickBooks side). */
  readonly sources: ReadonlyMap<string, LedgerSource>;
  readonly desired: ReadonlyMap<string, DesiredRecord>;
  readonly qboObjects: ReadonlyMap<string, QboObject>;
  readonly links: readonly StoredSyncLink[];
  readonly directory: ReconciliationDirectory;
  readonly portfolio: Portfolio;
  readonly sync: SyncSettings;
  readonly books: Awaited<ReturnType<typeof fetchQuickBooksBooks>>;
}

/**
 * Builds EstateCore's ledger from the mirror (through the desired state, i.e. exactly what the
 * push would write) and QuickBooks' ledger from fresh queries, both in EstateCore's id space,
 * limited to the period and, when given, to some properties.
 */
export async function buildReconciliationLedgers(
  deps: LedgerDependencies,
  target: QuickBooksTarget,
  period: LedgerPeriod,
  propertyIds: readonly string[] | null,
): Promise<ReconciliationLedgers> {
  const [{ sync, portfolio, links, desired }, books] = await Promise.all([
    loadDesiredSnapshot(deps, target),
    fetchQuickBooksBooks(deps.gateway, target, period),
  ]);
  const directory = reconciliationDirectory(links, portfolio);
  const ec = estatecoreLedger(desired, directory, period);
  const qb = quickbooksLedger(books, directory, period);
  const scope = propertyIds === null ? null : new Set(propertyIds);
  const inScope = (r: LedgerRecord) => scope === null || scope.has(r.propertyId);
  const qboObjects = new Map<string, QboObject>();
  for (const t of books.transactions) qboObjects.set(`${t.entityName}/${String(t.object.Id)}`, t.object);
  return {
    estatecore: ec.records.filter(inScope),
    quickbooks: qb.records.filter(inScope),
    sources: new Map([...ec.sources, ...qb.sources]),
    desired: new Map(desired.map((d) => [syncKey(d.entityType, d.recordId), d])),
    qboObjects,
    links,
    directory,
    portfolio,
    sync,
    books,
  };
}
