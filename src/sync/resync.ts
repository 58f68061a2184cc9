import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository } from "../../domain/ports/connection_repository.ts";
import type { Job, JobQueue } from "../../domain/ports/job_queue.ts";
import {
  isMirrorRecordType,
  MIRROR_RECORD_TYPES,
  type MirrorRecordType,
  type RecordMirror,
} from "../../domain/ports/record_mirror.ts";
import { MAX_SELECTED_RECORDS, type PushSelection } from "../../domain/sync_engine/push_selection.ts";
import { type Caller, requireAuthorized, requireRole } from "../../domain/access/authorize.ts";
import { enqueueSync } from "./sync_jobs.ts";

export interface SelectiveSyncDependencies {
  readonly jobs: JobQueue;
  readonly connections: ConnectionRepository;
  readonly mirror: Pick<RecordMirror, "getMany">;
  readonly clock: Clock;
}

/** What to sync now: whole record types and/or single records, optionally forced. */
export interface SelectiveSyncRequest {
  readonly recordTypes: readonly string[];
  readonly records: readonly { readonly recordType: string; readonly recordId: string }[];
  readonly force: boolean;
  readonly realmId?: string;
}

function requireRecordType(type: string): MirrorRecordType {
  if (isMirrorRecordType(type)) return type;
  throw new DomainError("VALIDATION_FAILED", `Unknown record type: ${type}`, {
    record_type: type,
    allowed: MIRROR_RECORD_TYPES,
  });
}

/** Sorted and without repeats, so equal requests queue (and dedupe to) the same job. */
function canonicalSelection(request: SelectiveSyncRequest): PushSelection {
  const types = [...new Set(request.recordTypes.map(requireRecordType))].sort();
  const keys = new Map(
    request.records.map((r) => [`${requireRecordType(r.recordType)}\u0000${r.recordId}`, r]),
  );
  const records = [...keys.keys()].sort().map((k) => ({
    record_type: keys.get(k)!.recordType,
    record_id: keys.get(k)!.recordId,
  }));
  return { record_types: types, records };
}

/**
 * Queues a push restricted to the given records or record types (plus whatever they need that is
 * not in QBO yet). Every named record must be in the mirror (NOT_FOUND names the missing ones; a
 * deleted record is fine: re-syncing it voids or deletes its QBO object). A property-scoped caller
 * may only name records of its own properties; whole record types need an organization-wide caller.
 * With `force`, the named records are rewritten in full even if unchanged (repairs edits made in QBO).
 * An identical request already queued or running is returned instead (`created: false`).
 */
export async function enqueueSelectiveSync(
  deps: SelectiveSyncDependencies,
  caller: Caller,
  request: SelectiveSyncRequest,
): Promise<{ job: Job; created: boolean }> {
  requireRole(caller, "sync:run");
  const selection = canonicalSelection(request);
  if (selection.record_types.length === 0 && selection.records.length === 0) {
    throw new DomainError("VALIDATION_FAILED", "Name at least one record type or record to sync", {});
  }
  if (selection.records.length > MAX_SELECTED_RECORDS) {
    throw new DomainError("VALIDATION_FAILED", `At most ${MAX_SELECTED_RECORDS} records per request`, {
      records: selection.records.length,
    });
  }
  const byType = new Map<MirrorRecordType, string[]>();
  for (const r of selection.records) {
    const type = r.record_type as MirrorRecordType;
    byType.set(type, [...byType.get(type) ?? [], r.record_id]);
  }
  const properties = new Set<string>();
  let organizationWide = selection.record_types.length > 0;
  const missing: { record_type: string; record_id: string }[] = [];
  for (const [type, ids] of byType) {
    const found = new Map(
      (await deps.mirror.getMany(caller.orgId, type, ids)).map((r) => [r.recordId, r]),
    );
    for (const id of ids) {
      const record = found.get(id);
      if (!record) missing.push({ record_type: type, record_id: id });
      else if (record.propertyId === null) organizationWide = true;
      else properties.add(record.propertyId);
    }
  }
  if (missing.length > 0) {
    throw new DomainError("NOT_FOUND", `No such record: ${missing[0].record_type} ${missing[0].record_id}`, {
      missing: missing.slice(0, 20),
    });
  }
  requireAuthorized(caller, "sync:run", organizationWide ? {} : { propertyIds: [...properties] });
  return await enqueueSync(deps, caller.orgId, request.realmId, "push", {
    selection,
    force: request.force,
  });
}
