import type { QuickBooksGateway, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { SyncLinkWrite } from "../../domain/ports/sync_link_repository.ts";
import { adoptLinks, type PushState } from "../../domain/sync/push_state.ts";
import type { SyncOperation, SyncPlan } from "../../domain/sync/sync_plan.ts";
import type { SyncLink } from "../../domain/sync/sync_record.ts";
import { adoptExisting } from "./adopt_existing.ts";
import type { SyncHistoryRecorder } from "./sync_history_recorder.ts";
import { type BatchWrite, writeBatch } from "./write_batch.ts";

export interface PushRoundInput {
  readonly gateway: QuickBooksGateway;
  readonly target: QuickBooksTarget;
  readonly recorder: Pick<SyncHistoryRecorder, "adopted" | "written">;
  /** Records QBO's answers to each batch in the audit trail (see writeBatch). */
  readonly answered: BatchWrite["answered"];
  readonly state: PushState;
  /**
   * Plans the round's records against the state's links, leaving out what it refused: the same
   * records before and after adoption.
   */
  readonly planAgainst: (state: PushState) => SyncPlan;
  /**
   * Stores links with the progress of `state` (together, under the job's lease) and returns the
   * state as stored: a link the store refused is the record's failure, and it keeps the link it
   * had in `before`.
   */
  readonly commit: (
    state: PushState,
    writes: readonly SyncLinkWrite[],
    before: readonly SyncLink[],
  ) => Promise<PushState>;
  /** Called after each batch is stored. */
  readonly batchStored: (state: PushState) => Promise<void> | void;
}

export interface PushRoundResult {
  readonly state: PushState;
  /** The writes the round planned (none: the push is done). */
  readonly planned: readonly SyncOperation[];
  /** Whether the round stored any link (adopted, written or with a fresh SyncToken). */
  readonly progressed: boolean;
}

/**
 * One round of a push: plan, adopt what QBO already holds instead of creating it again (then plan
 * again), and write the batches in order, storing each batch's links as soon as QBO answered.
 */
export async function pushRound(input: PushRoundInput): Promise<PushRoundResult> {
  let state = input.state;
  let plan = input.planAgainst(state);
  if (plan.writes.length === 0) return { state, planned: [], progressed: false };

  const creates = plan.writes.filter((w) => w.kind === "create");
  const adopted = await adoptExisting(input.gateway, input.target, creates);
  if (adopted.length > 0) {
    const before = state.links;
    state = adoptLinks(state, adopted);
    await input.recorder.adopted(adopted);
    // An adopted object whose id another record holds is refused here: it is not created instead.
    state = await input.commit(state, adopted, before);
    plan = input.planAgainst(state);
  }
  let progressed = adopted.length > 0;
  for (const batch of plan.batches) {
    const written = await writeBatch({ ...input, state, batch });
    state = await input.commit(written.state, written.linkWrites, state.links);
    progressed = progressed || written.linkWrites.length > 0;
    await input.batchStored(state);
  }
  return { state, planned: plan.writes, progressed };
}
