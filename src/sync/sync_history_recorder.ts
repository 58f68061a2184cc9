import { waitingMessage } from "../../domain/mapping/mapping_result.ts";
import type { SyncLinkWrite } from "../../domain/ports/sync_link_repository.ts";
import type {
  NewSyncHistoryEntry,
  SyncHistory,
  SyncOutcome,
  SyncRun,
} from "../../domain/ports/sync_history.ts";
import type { BlockedRecord, RecordError } from "../../domain/sync_engine/desired_state.ts";
import type { RecordOwners } from "../../domain/sync_engine/record_owners.ts";
import { failedRecords, objectOwners, recordOwners } from "../../domain/sync_engine/push_outcomes.ts";
import type { WriteAnswer } from "../../domain/sync/apply_batch_outcome.ts";
import type { RefusedWrite } from "../../domain/sync/push_state.ts";

/** How many runs' entries an organization keeps (older runs are pruned when a run ends). */
export const HISTORY_KEPT_RUNS = 100;

/**
 * Turns a push's outcomes into per-record history entries, one per EstateCore record an object
 * stands for (a charge group's invoice gives one entry per charge). Writes go in as soon as QBO
 * confirmed them (before the links are stored: what the entry says already happened in QBO); a
 * resumed run rewrites the same keys, so nothing is counted twice. Without a history or a job,
 * it records nothing.
 */
export class SyncHistoryRecorder {
  readonly #history: SyncHistory | undefined;
  readonly #run: SyncRun | undefined;
  readonly #owners: RecordOwners;
  readonly #now: () => string;

  constructor(
    history: SyncHistory | undefined,
    run: SyncRun | undefined,
    owners: RecordOwners,
    now: () => string,
  ) {
    this.#history = run ? history : undefined;
    this.#run = run;
    this.#owners = owners;
    this.#now = now;
  }

  #entries(
    entityType: string,
    syncRecordId: string,
    outcome: SyncOutcome,
    fields: Pick<NewSyncHistoryEntry, "qboId" | "errorCode" | "qboCode" | "message">,
  ): NewSyncHistoryEntry[] {
    return objectOwners(this.#owners, entityType, syncRecordId).map((o) => ({
      outcome,
      recordType: o.recordType,
      recordId: o.recordId,
      propertyId: o.propertyId,
      entityType,
      syncRecordId,
      ...fields,
    }));
  }

  /** Objects adopted (linked to what QBO already had) instead of created. */
  async adopted(links: readonly SyncLinkWrite[]): Promise<void> {
    if (!this.#history) return;
    await this.#history.record(
      this.#run!,
      links.flatMap((l) =>
        this.#entries(l.entityType, l.recordId, "adopted", {
          qboId: l.qboId,
          errorCode: null,
          qboCode: null,
          message: null,
        })
      ),
      this.#now(),
    );
  }

  /** The answers QBO gave to one batch of writes (stale-token retries are no answer: the next round retries). */
  async written(answers: readonly WriteAnswer[]): Promise<void> {
    if (!this.#history) return;
    const entries = answers.flatMap((answer): NewSyncHistoryEntry[] => {
      const op = answer.operation;
      if (!answer.ok) {
        // Counted as the push's progress and result count them (one per record).
        return failedRecords(this.#owners, [answer.refused], []).map(({ code, ...f }) => ({
          ...f,
          errorCode: code,
        }));
      }
      const kind: SyncOutcome = op.kind === "create"
        ? "created"
        : op.kind === "update" && op.resultingState === "active"
        ? "updated"
        : "removed";
      return this.#entries(op.entityType, op.recordId, kind, {
        qboId: answer.qboId,
        errorCode: null,
        qboCode: null,
        message: null,
      });
    });
    await this.#history.record(this.#run!, entries, this.#now());
  }

  /**
   * Writes QBO confirmed whose links the store refused (the id is another record's): these records
   * failed after all, and their entries say so in place of the confirmed ones.
   */
  async refused(failures: readonly RefusedWrite[]): Promise<void> {
    if (!this.#history) return;
    const entries = failedRecords(this.#owners, failures, []).map(({ code, ...f }) => ({
      ...f,
      errorCode: code,
    }));
    await this.#history.record(this.#run!, entries, this.#now());
  }

  /** Where the run ended: records still blocked or unmappable; then old runs are pruned. */
  async finished(blocked: readonly BlockedRecord[], errors: readonly RecordError[]): Promise<void> {
    if (!this.#history) return;
    const entries: NewSyncHistoryEntry[] = [
      ...blocked.flatMap((b) =>
        recordOwners(this.#owners, b.recordType, b.recordId).map((o) => ({
          outcome: "blocked" as const,
          ...o,
          entityType: null,
          syncRecordId: null,
          qboId: null,
          errorCode: null,
          qboCode: null,
          message: waitingMessage(b.missing),
        }))
      ),
      ...failedRecords(this.#owners, [], errors).map(({ code, ...f }) => ({ ...f, errorCode: code })),
    ];
    await this.#history.replaceUnsynced(this.#run!, entries, this.#now());
    await this.#history.prune(this.#run!.orgId, HISTORY_KEPT_RUNS);
  }
}
