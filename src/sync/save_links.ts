import {
  QboIdAlreadyLinkedError,
  type QboIdConflict,
  type SyncLinkWrite,
} from "../../domain/ports/sync_link_repository.ts";
import type { RefusedWrite } from "../../domain/sync/push_state.ts";
import { syncKey } from "../../domain/sync/sync_record.ts";

/** A link left out because its QBO id belongs to another record: that record's failure for this run. */
export type TakenIdFailure = RefusedWrite & {
  readonly qboId: string;
  readonly linkedRecordId: string | null;
};

function failureOf(conflict: QboIdConflict): TakenIdFailure {
  const holder = conflict.linkedRecordId ? `record ${conflict.linkedRecordId}` : "another record";
  return {
    entityType: conflict.entityType,
    recordId: conflict.recordId,
    qboId: conflict.qboId,
    linkedRecordId: conflict.linkedRecordId,
    code: "QBO_ID_ALREADY_LINKED",
    qboCode: "",
    message:
      `QuickBooks answered with ${conflict.entityType} ${conflict.qboId}, which is already linked to ` +
      `${holder}: reconcile the two (POST /reconcile) before this record syncs again`,
    details: {
      entity_type: conflict.entityType,
      qbo_id: conflict.qboId,
      record_id: conflict.recordId,
      linked_record_id: conflict.linkedRecordId,
    },
  };
}

/**
 * Stores a batch of links; a link whose QBO id another record already holds is left out and
 * handed to `refuse` (that record stops, asking for reconciliation) and the rest is stored, so one
 * reused id never fails the whole job. A refusal that names no link of the batch stays an error.
 *
 * @example
 * ```ts
 * const { ok, saved } = await saveLinksRefusingTakenIds(writes, (w) => links.saveBatch(org, realm, w, now), stop);
 * ```
 */
export async function saveLinksRefusingTakenIds(
  writes: readonly SyncLinkWrite[],
  saveBatch: (writes: readonly SyncLinkWrite[]) => Promise<boolean>,
  refuse: (failures: readonly TakenIdFailure[]) => void | Promise<void>,
): Promise<{ readonly ok: boolean; readonly saved: readonly SyncLinkWrite[] }> {
  let pending = [...writes];
  while (pending.length > 0) {
    try {
      return { ok: await saveBatch(pending), saved: pending };
    } catch (error) {
      if (!(error instanceof QboIdAlreadyLinkedError)) throw error;
      const refused = new Set(error.conflicts.map((c) => syncKey(c.entityType, c.recordId)));
      const kept = pending.filter((w) => !refused.has(syncKey(w.entityType, w.recordId)));
      if (kept.length === pending.length) throw error;
      await refuse(error.conflicts.map(failureOf));
      pending = kept;
    }
  }
  return { ok: true, saved: [] };
}
