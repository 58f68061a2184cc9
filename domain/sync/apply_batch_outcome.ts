import type { QuickBooksObject, WriteOutcome, WriteResult } from "../ports/quickbooks_gateway.ts";
import type { SyncLinkWrite } from "../ports/sync_link_repository.ts";
import { projectOnto } from "../sync_engine/project_onto.ts";
import { confirmedLink } from "./apply_sync_results.ts";
import {
  objectOf,
  type PushState,
  type PushTally,
  type RefusedWrite,
  withStoredLinks,
} from "./push_state.ts";
import type { SyncBatch, SyncOperation } from "./sync_plan.ts";
import { syncKey, type SyncLink } from "./sync_record.ts";

/** What QBO answered for one planned write (a stale SyncToken is no answer: the next round retries). */
export type WriteAnswer =
  | { readonly operation: SyncOperation; readonly ok: true; readonly qboId: string }
  | { readonly operation: SyncOperation; readonly ok: false; readonly refused: RefusedWrite };

export interface BatchOutcomeInput {
  readonly state: PushState;
  readonly batch: SyncBatch;
  /** The gateway's answer to the batch: one result per item under its bId, and the calls it took. */
  readonly outcome: Pick<WriteOutcome, "results" | "calls">;
}

/** A push after one batch: its new state, what to store and record, and what to retry. */
export interface AppliedBatch {
  /** Confirmed links in place, refusals kept, the tally counted. */
  readonly state: PushState;
  /** The links of the confirmed writes, in batch order, to store with the job's progress. */
  readonly linkWrites: readonly SyncLinkWrite[];
  /** QBO's answers in batch order (the sync history records them). */
  readonly answers: readonly WriteAnswer[];
  /** Writes refused because the object changed in QBO (QB005): retried with a fresh SyncToken. */
  readonly stale: readonly SyncOperation[];
}

/**
 * Applies QBO's answer to one batch of a push. A confirmed write stores its QBO id, new SyncToken,
 * fingerprint and state, with a base snapshot that is what QBO holds after the write for the
 * fields it wrote (QBO's own side effects, such as the "(deleted)" rename of an inactivated
 * customer, are part of our write, so the pull does not mistake their echo for an edit in QBO);
 * fields a sparse update did not send keep their known value, so a QBO edit of them not pulled yet
 * is not taken for ours. A stale SyncToken (QB005) is left
 * for the next round; any other refusal (or an item QBO did not answer, QB007) is kept and not
 * retried during the run. Pure: the input state is not modified.
 *
 * @example
 * ```ts
 * const plan = planSync([{ recordId: "t1", entityType: "Customer", version: 1, payload: { DisplayName: "Jane" } }], []);
 * const applied = applyBatchOutcome({ state: startPush([]), batch: plan.batches[0], outcome: {
 *   calls: 1, results: [{ key: "b0", ok: true, object: { Id: "58", SyncToken: "0", DisplayName: "Jane" } }] } });
 * applied.linkWrites[0].qboId; // "58"
 * applied.state.tally; // { writes: 1, created: 1, updated: 0, removed: 0, adopted: 0, writeCalls: 1 }
 * ```
 */
export function applyBatchOutcome(input: BatchOutcomeInput): AppliedBatch {
  const { state, batch, outcome } = input;
  const resultOf = new Map(outcome.results.map((r) => [r.key, r]));
  const confirmed = new Map(state.confirmed);
  const refused = new Map(state.refused);
  const answered = new Set(state.answered);
  let tally: PushTally = { ...state.tally, writeCalls: state.tally.writeCalls + outcome.calls };
  const linkWrites: SyncLinkWrite[] = [];
  const answers: WriteAnswer[] = [];
  const stale: SyncOperation[] = [];
  for (const { bId, operation } of batch.items) {
    const key = syncKey(operation.entityType, operation.recordId);
    const result = resultOf.get(bId);
    if (result?.ok) {
      const link = linkAfterWrite(operation, result.object);
      linkWrites.push(link);
      answers.push({ operation, ok: true, qboId: link.qboId });
      confirmed.set(key, objectOf(operation));
      answered.add(key);
      tally = counted(tally, operation);
    } else if (result?.errorCode === "QB005") {
      stale.push(operation);
    } else {
      const refusal = refusalOf(operation, result);
      refused.set(key, refusal);
      answered.add(key);
      answers.push({ operation, ok: false, refused: refusal });
    }
  }
  return {
    state: withStoredLinks({ ...state, confirmed, refused, answered, tally }, linkWrites),
    linkWrites,
    answers,
    stale,
  };
}

/**
 * The mirror version a write reflects, as a link stores it (null for a non-numeric version).
 *
 * @example
 * ```ts
 * recordVersionOf({ version: 3 }); // 3
 * recordVersionOf({ version: "2026-03" }); // null
 * ```
 */
export function recordVersionOf(operation: Pick<SyncOperation, "version">): number | null {
  return typeof operation.version === "number" ? operation.version : null;
}

function linkAfterWrite(operation: SyncOperation, object: QuickBooksObject): SyncLinkWrite {
  const link = confirmedLink(
    operation,
    String(object.Id ?? operation.qboId),
    String(object.SyncToken ?? operation.syncToken ?? "0"),
  );
  const written = operation.kind === "create" || operation.kind === "update";
  return {
    ...link,
    baseSnapshot: written ? baseAfterWrite(operation, object) : link.baseSnapshot,
    recordVersion: recordVersionOf(operation),
  };
}

/**
 * What QBO holds after a write, as far as the write tells: a create, every field as QBO answered;
 * an update, the fields it sent as QBO answered (with the rename QBO makes when it changes
 * `Active`), the others as they were known before. So an edit made in QBO to a field the update did
 * not send, and not pulled yet, is still seen as QBO's edit by the next pull.
 */
function baseAfterWrite(operation: SyncOperation, object: QuickBooksObject): SyncLink["baseSnapshot"] {
  const answer = projectOnto(operation.snapshot, object) as Record<string, unknown>;
  if (operation.kind === "create") return answer;
  const sent = new Set(Object.keys(operation.body));
  if (sent.has("Active")) sent.add("DisplayName");
  return Object.fromEntries(
    Object.keys(operation.snapshot).flatMap((k) => {
      const value = sent.has(k) ? answer[k] : operation.snapshot[k];
      return value === undefined ? [] : [[k, value]];
    }),
  );
}

function counted(tally: PushTally, operation: SyncOperation): PushTally {
  const kind = operation.kind === "create" ? "created" : operation.kind === "update" ? "updated" : "removed";
  return { ...tally, writes: tally.writes + 1, [kind]: tally[kind] + 1 };
}

function refusalOf(operation: SyncOperation, result: WriteResult | undefined): RefusedWrite {
  const fault = result && !result.ok ? result : undefined;
  return {
    entityType: operation.entityType,
    recordId: operation.recordId,
    qboId: operation.qboId ?? null,
    code: fault?.errorCode ?? "QB007",
    qboCode: fault?.qboCode ?? "",
    message: fault?.message ?? "no result for the item",
  };
}
