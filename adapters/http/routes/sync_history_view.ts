/** The sync history routes' requests, as the history and selective-sync use cases take them. */
import type { SyncOutcome } from "../../../domain/ports/sync_history.ts";

/** The query of `GET /sync/history`. */
export function historyQuery(query: {
  readonly job_id?: string;
  readonly record_type?: string;
  readonly record_id?: string;
  readonly outcomes?: readonly SyncOutcome[];
  readonly cursor?: string;
  readonly limit: number;
}) {
  return {
    jobId: query.job_id,
    recordType: query.record_type,
    recordId: query.record_id,
    outcomes: query.outcomes,
    cursor: query.cursor,
    limit: query.limit,
  };
}

/** The body of `POST /sync/entity` (and of a record's re-sync): what to push, and whether to force it. */
export function selectiveSyncInput(input: {
  readonly record_types: readonly string[];
  readonly records: readonly { readonly record_type: string; readonly record_id: string }[];
  readonly force: boolean;
  readonly realm_id?: string;
}) {
  return {
    recordTypes: input.record_types,
    records: input.records.map((r) => ({ recordType: r.record_type, recordId: r.record_id })),
    force: input.force,
    realmId: input.realm_id,
  };
}
