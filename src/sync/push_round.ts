import type { QuickBooksGateway, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { SyncLinkWrite } from "../../domain/ports/sync_link_repository.ts";
import { adoptLinks, type PushState } from "../../domain/sync/push_state.ts";
import type { SyncOperation, SyncPlan } from "../../domain/sync/sync_plan.ts";
import type { SyncLink } from "../../domain/sync/sync_record.ts";
import { adoptExisting } from "./adopt_existing.ts";
import type { SyncHistoryRecorder } from "./sync_history_recorder.ts";
import { writeBatch } from "./write_batch.ts";

export interface PushRoundInput {
  readonly gateway: QuickBooksGateway;
  readonly target: QuickBooksTarget;
  readonly recorder: Pick<SyncHistoryRecorder, "adopted" | "written">;
  readonly state: PushState;
  /** Plans the round's records against links: the same records before and after adoption. */
  readonly planAgainst: (links: readonly SyncLink[]) => SyncPlan;
  /** Stores links with the progress of `state` (together, under the job's lease). */
  readonly commit: (state: PushState, writes: readonly SyncLinkWrite[]) => Promise<void>;
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
  let plan = input.planAgainst(state.links);
  if (plan.writes.length === 0) return { state, planned: [], progressed: false };

  const creates = plan.writes.filter((w) => w.kind === "create");
  const adopted = await adoptExisting(input.gateway, input.target, creates);
  if (adopted.length > 0) {
    state = adoptLinks(state, adopted);
    await input.recorder.adopted(adopted);
    await input.commit(state, adopted);
    plan = input.planAgainst(state.links);
  }
  let progressed = adopted.length > 0;
  for (const batch of plan.batches) {
    const written = await writeBatch({ ...input, state, batch });
    state = written.state;
    await input.commit(state, written.linkWrites);
    progressed = progressed || written.linkWrites.length > 0;
    await input.batchStored(state);
  }
  return { state, planned: plan.writes, progressed };
}
