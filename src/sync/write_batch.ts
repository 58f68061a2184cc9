import type {
  QuickBooksGateway,
  QuickBooksTarget,
  WriteOutcome,
} from "../../domain/ports/quickbooks_gateway.ts";
import type { SyncLinkWrite } from "../../domain/ports/sync_link_repository.ts";
import {
  applyBatchOutcome,
  recordVersionOf,
  type WriteAnswer,
} from "../../domain/sync/apply_batch_outcome.ts";
import { type PushState, withStoredLinks } from "../../domain/sync/push_state.ts";
import type { SyncBatch, SyncOperation } from "../../domain/sync/sync_plan.ts";
import type { SyncLink } from "../../domain/sync/sync_record.ts";
import { writeItemsOf } from "../../domain/sync/write_items.ts";
import type { SyncHistoryRecorder } from "./sync_history_recorder.ts";

export interface BatchWrite {
  readonly gateway: Pick<QuickBooksGateway, "writeBatch" | "read">;
  readonly target: QuickBooksTarget;
  readonly recorder: Pick<SyncHistoryRecorder, "written">;
  readonly state: PushState;
  readonly batch: SyncBatch;
  /** Records QBO's answers to the batch (the audit trail), before anything else is stored. */
  readonly answered: (
    batch: SyncBatch,
    outcome: WriteOutcome,
    answers: readonly WriteAnswer[],
  ) => Promise<void>;
}

/** A push after one batch: its new state and the links to store for it. */
export interface WrittenBatch {
  readonly state: PushState;
  readonly linkWrites: readonly SyncLinkWrite[];
}

/**
 * Sends one planned batch under its deterministic requestid, records QBO's answers in the sync
 * history (before the links are stored: what an entry says already happened in QBO) and takes the
 * current SyncToken of every object QBO refused as stale, so the next round retries it.
 */
export async function writeBatch(input: BatchWrite): Promise<WrittenBatch> {
  const { gateway, target, batch } = input;
  const outcome = await gateway.writeBatch(target, writeItemsOf(batch), batch.requestId);
  const applied = applyBatchOutcome({ state: input.state, batch, outcome });
  await input.answered(batch, outcome, applied.answers);
  await input.recorder.written(applied.answers);
  const refreshed = await freshSyncTokens(gateway, target, applied.state.links, applied.stale);
  return {
    state: withStoredLinks(applied.state, refreshed),
    linkWrites: [...applied.linkWrites, ...refreshed],
  };
}

/**
 * A stale SyncToken (QB005) means someone changed the object in QBO: take its current token and let
 * the next round retry; what changed on the QBO side is merged by the pull under the org's policy.
 */
async function freshSyncTokens(
  gateway: Pick<QuickBooksGateway, "read">,
  target: QuickBooksTarget,
  links: readonly SyncLink[],
  stale: readonly SyncOperation[],
): Promise<SyncLinkWrite[]> {
  const writes: SyncLinkWrite[] = [];
  for (const op of stale) {
    const current = op.qboId ? await gateway.read(target, op.entityType, op.qboId) : null;
    const link = links.find((l) => l.entityType === op.entityType && l.recordId === op.recordId);
    if (current && link) {
      writes.push({
        ...link,
        syncToken: String(current.SyncToken ?? link.syncToken),
        recordVersion: recordVersionOf(op),
      });
    }
  }
  return writes;
}
