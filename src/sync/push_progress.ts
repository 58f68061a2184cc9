import type { JobProgress } from "../../domain/ports/job_queue.ts";
import type { PushState } from "../../domain/sync/push_state.ts";
import type { DesiredState } from "../../domain/sync_engine/desired_state.ts";
import {
  failedRecords,
  pushProgress,
  recordsBlocked,
  recordsWritten,
} from "../../domain/sync_engine/push_outcomes.ts";
import type { RecordOwners } from "../../domain/sync_engine/record_owners.ts";

/** Where a push is: its state, its round and what that round found blocked or unmappable. */
export interface PushPosition {
  readonly state: PushState;
  readonly rounds: number;
  readonly desired: Pick<DesiredState, "blocked" | "errors">;
}

/**
 * A push's progress in EstateCore records, against the total planned before its first write. The
 * total shown never shrinks (it is remembered between reports).
 */
export class PushProgress {
  readonly #owners: RecordOwners;
  readonly #planned: number;
  #shown = 0;

  constructor(owners: RecordOwners, planned: number) {
    this.#owners = owners;
    this.#planned = planned;
  }

  /** The progress at `position`; with `finished`, what never settled counts as skipped. */
  at(position: PushPosition, finished = false): JobProgress {
    const { state, desired } = position;
    const figures = pushProgress(this.#planned, this.#shown, {
      done: recordsWritten(this.#owners, [...state.confirmed.values()]),
      failed: failedRecords(this.#owners, [...state.refused.values()], desired.errors).length,
      waiting: recordsBlocked(this.#owners, desired.blocked),
    }, finished);
    this.#shown = figures.total;
    const { created, updated, removed, adopted } = state.tally;
    return { ...figures, detail: { rounds: position.rounds, created, updated, removed, adopted } };
  }
}
