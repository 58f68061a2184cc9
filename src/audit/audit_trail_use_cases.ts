import { type Caller, mayView, requireAuthorized } from "../../domain/access/authorize.ts";
import { actorOf } from "../../domain/access/caller.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { SignedCheckpoint } from "../../domain/audit/checkpoint.ts";
import type { AuditLog, AuditRecord } from "../../domain/ports/audit_log.ts";
import type { AuditTrailFilter, AuditTrailPage } from "../../domain/audit/trail_views.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import { type AuditCheckpointDependencies, checkpointTrail } from "./audit_checkpoints.ts";

/**
 * The properties an audit record concerns: a `property:<id>` target and the `property_id` /
 * `property_ids` of its details. A record that names none concerns no property in particular
 * (organization settings) and every caller may see it; one marked `scope: "organization"` concerns
 * every property (a reconciliation of all of them) and only unscoped callers see it (null).
 */
export function auditPropertyIds(record: Pick<AuditRecord, "target" | "details">): string[] | null {
  if ((record.details as { scope?: unknown }).scope === "organization") return null;
  const ids = new Set<string>();
  if (record.target?.startsWith("property:")) ids.add(record.target.slice("property:".length));
  const { property_id, property_ids } = record.details as { property_id?: unknown; property_ids?: unknown };
  if (typeof property_id === "string") ids.add(property_id);
  if (Array.isArray(property_ids)) { for (const id of property_ids) if (typeof id === "string") ids.add(id); }
  return [...ids];
}

const SCAN = 500;

function visible(caller: Caller, filter: AuditTrailFilter) {
  return (record: AuditRecord) =>
    mayView(caller, auditPropertyIds(record)) &&
    (filter.outcome === undefined || (record.details as { outcome?: unknown }).outcome === filter.outcome);
}

/**
 * One page of the caller's organization's trail matching `filter`, in chain order after
 * `afterSeq`. A property-scoped caller sees organization-wide records and those of its properties
 * only; the page is filled from as many store pages as it takes, so hidden records never shorten it.
 */
export async function queryAuditTrail(
  log: Pick<AuditLog, "query">,
  caller: Caller,
  filter: AuditTrailFilter,
  page: { readonly afterSeq?: number; readonly limit: number },
): Promise<AuditTrailPage> {
  requireAuthorized(caller, "audit:read");
  const keep = visible(caller, filter);
  const items: AuditRecord[] = [];
  let cursor = page.afterSeq ?? 0;
  for (;;) {
    const batch = await log.query(caller.orgId, { ...filter, afterSeq: cursor, limit: SCAN });
    for (const record of batch) {
      cursor = record.seq;
      if (!keep(record)) continue;
      items.push(record);
      if (items.length === page.limit) {
        const more = await log.query(caller.orgId, { ...filter, afterSeq: cursor, limit: 1 });
        return { items, nextCursor: more.length > 0 ? cursor : null };
      }
    }
    if (batch.length < SCAN) return { items, nextCursor: null };
  }
}

/** The older `GET /audit`: the whole trail, a page at a time, through the same query. */
export async function listAuditTrail(
  log: Pick<AuditLog, "query">,
  caller: Caller,
  options: { readonly afterSeq?: number; readonly limit?: number },
): Promise<readonly AuditRecord[]> {
  return (await queryAuditTrail(log, caller, {}, { afterSeq: options.afterSeq, limit: options.limit ?? 100 }))
    .items;
}

export interface AuditExportDependencies extends AuditCheckpointDependencies {
  readonly log: Pick<AuditLog, "query" | "head">;
  readonly audit: AuditTrail;
  readonly clock: Clock;
}

export interface AuditExport {
  /** Signed after the export was recorded: the records streamed are those up to its position. */
  readonly checkpoint: SignedCheckpoint;
  readonly records: AsyncIterable<AuditRecord>;
}

/**
 * Exports the records matching `filter`: the export is recorded first (`audit.exported`, with the
 * filter), then the trail is signed at its new head (an `export` checkpoint), then the records up to
 * that position stream. An unfiltered export holds every record with its chain fields, so an auditor
 * can recompute each hash offline and compare the last one with the signed checkpoint.
 */
export async function exportAuditTrail(
  deps: AuditExportDependencies,
  caller: Caller,
  filter: AuditTrailFilter,
  format: "ndjson" | "csv",
  requestId: string | null,
): Promise<AuditExport> {
  requireAuthorized(caller, "audit:read");
  await deps.audit({
    orgId: caller.orgId,
    at: deps.clock.now().toISOString(),
    actor: actorOf(caller),
    action: "audit.exported",
    target: null,
    details: {
      format,
      filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
      outcome: "succeeded",
    },
    requestId,
  });
  const checkpoint = await checkpointTrail(deps, caller.orgId, "export");
  const keep = visible(caller, filter);
  const until = checkpoint.checkpoint.seq;
  async function* records(): AsyncIterable<AuditRecord> {
    let cursor = 0;
    for (;;) {
      const batch = await deps.log.query(caller.orgId, { ...filter, afterSeq: cursor, limit: SCAN });
      for (const record of batch) {
        if (record.seq > until) return;
        cursor = record.seq;
        if (keep(record)) yield record;
      }
      if (batch.length < SCAN) return;
    }
  }
  return { checkpoint, records: records() };
}
