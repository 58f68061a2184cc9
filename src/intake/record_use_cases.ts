import { DomainError } from "../../domain/errors.ts";
import type { MirroredRecord, MirrorRecordType } from "../../domain/ports/record_mirror.ts";
import { type Caller, requireAuthorized, requireRole } from "../../domain/access/authorize.ts";
import { ingestRecords, type IntakeDependencies, type IntakeOutcome } from "./ingest_records.ts";
import { decodeRecordCursor, encodeRecordCursor } from "./record_cursor.ts";
import { actorOf } from "../../domain/access/caller.ts";

type Written = Extract<IntakeOutcome, { status: "created" | "updated" | "unchanged" }>;

/**
 * Upserts one record at its URL. The body's `id` defaults to the URL's and must match it. A
 * rejected record is thrown as its error, with field paths under `json.`.
 */
export async function putRecord(
  deps: IntakeDependencies,
  caller: Caller,
  recordType: MirrorRecordType,
  recordId: string,
  body: Readonly<Record<string, unknown>>,
  requestId: string | null,
): Promise<Written> {
  if (body.id !== undefined && body.id !== recordId) {
    throw new DomainError("VALIDATION_FAILED", "Invalid request: json.id: must equal the id in the URL", {
      issues: [{ path: "json.id", message: "must equal the id in the URL", code: "invalid_value" }],
    });
  }
  const [outcome] = await ingestRecords(deps, caller, [{
    type: recordType,
    data: { ...body, id: recordId },
  }], requestId);
  if (outcome.status !== "invalid") return outcome;
  const issues = outcome.error.issues.map((i) => ({ ...i, path: `json.${i.path}`.replace(/\.$/, "") }));
  throw new DomainError(outcome.error.code, outcome.error.message, {
    record_type: recordType,
    record_id: recordId,
    ...(issues.length > 0 ? { issues } : {}),
  });
}

async function storedRecord(deps: IntakeDependencies, caller: Caller, type: MirrorRecordType, id: string) {
  const record = await deps.mirror.get(caller.orgId, type, id);
  if (!record) {
    throw new DomainError("NOT_FOUND", `No ${type} ${id} in the mirror`, {
      record_type: type,
      record_id: id,
    });
  }
  return record;
}

/** Reads one record (tombstones included); FORBIDDEN when it belongs to a property outside the caller's scope. */
export async function getRecord(
  deps: IntakeDependencies,
  caller: Caller,
  recordType: MirrorRecordType,
  recordId: string,
): Promise<MirroredRecord> {
  requireRole(caller, "sync:read");
  const record = await storedRecord(deps, caller, recordType, recordId);
  if (record.propertyId !== null) {
    requireAuthorized(caller, "sync:read", { propertyIds: [record.propertyId] });
  }
  return record;
}

/**
 * Tombstones a record (version bumped once; deleting again changes nothing). A property-scoped
 * caller may only delete records of its properties.
 */
export async function deleteRecord(
  deps: IntakeDependencies,
  caller: Caller,
  recordType: MirrorRecordType,
  recordId: string,
  requestId: string | null,
): Promise<{ record: MirroredRecord; changed: boolean }> {
  requireRole(caller, "records:write");
  const record = await storedRecord(deps, caller, recordType, recordId);
  requireAuthorized(caller, "records:write", {
    propertyIds: record.propertyId === null ? [] : [record.propertyId],
  });
  const at = deps.clock.now().toISOString();
  // The tombstone and its audit entry commit together.
  return await deps.atomically(async () => {
    const result = await deps.mirror.markDeleted(caller.orgId, recordType, recordId, at);
    const outcome = result ?? { record, changed: false };
    if (outcome.changed) {
      await deps.audit({
        orgId: caller.orgId,
        at,
        actor: actorOf(caller),
        action: "records.deleted",
        target: `record:${recordType}/${recordId}`,
        details: {
          record_type: recordType,
          record_id: recordId,
          version: outcome.record.version,
          ...(record.propertyId === null ? {} : { property_id: record.propertyId }),
          outcome: "succeeded",
        },
        requestId,
      });
    }
    return outcome;
  });
}

export interface RecordPage {
  readonly items: readonly MirroredRecord[];
  readonly nextCursor: string | null;
}

/**
 * Lists records of one type by id, a page at a time. A property-scoped caller sees its properties'
 * records and those that belong to no property.
 */
export async function listRecords(
  deps: IntakeDependencies,
  caller: Caller,
  recordType: MirrorRecordType,
  options: { cursor?: string; limit: number; includeDeleted: boolean; propertyId?: string },
): Promise<RecordPage> {
  requireRole(caller, "sync:read");
  if (options.propertyId !== undefined) {
    requireAuthorized(caller, "sync:read", { propertyIds: [options.propertyId] });
  }
  const scope = options.propertyId !== undefined
    ? { propertyIds: [options.propertyId] }
    : caller.propertyIds !== undefined
    ? { propertyIds: caller.propertyIds, includeWithoutProperty: true }
    : {};
  const rows = await deps.mirror.list(caller.orgId, recordType, {
    ...scope,
    afterId: options.cursor === undefined ? undefined : decodeRecordCursor(options.cursor),
    limit: options.limit + 1,
    includeDeleted: options.includeDeleted,
  });
  const items = rows.slice(0, options.limit);
  const nextCursor = rows.length > options.limit
    ? encodeRecordCursor(items[items.length - 1].recordId)
    : null;
  return { items, nextCursor };
}
