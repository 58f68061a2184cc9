import type { Clock } from "../../domain/ports/clock.ts";
import { type JobProgress, LeaseLostError } from "../../domain/ports/job_queue.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import { NO_METRICS, type ServiceMetrics } from "../../domain/ports/metrics.ts";
import type { QuickBooksGateway, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { ReviewQueue } from "../../domain/ports/pull_state.ts";
import type { SyncLinkWrite } from "../../domain/ports/sync_link_repository.ts";
import type { SyncHistory } from "../../domain/ports/sync_history.ts";
import { stillForced, withForcedRewrites } from "../../domain/sync/forced_rewrites.ts";
import {
  type PushState,
  type PushTally,
  type RefusedWrite,
  startPush,
  withRefusedLinks,
} from "../../domain/sync/push_state.ts";
import { planSync } from "../../domain/sync/sync_plan.ts";
import { syncKey, type SyncLink } from "../../domain/sync/sync_record.ts";
import type { BlockedRecord, DesiredState, RecordError } from "../../domain/sync_engine/desired_state.ts";
import type { PushSelection } from "../../domain/sync_engine/push_selection.ts";
import { type FailedRecord, failedRecords } from "../../domain/sync_engine/push_outcomes.ts";
import { type DesiredSnapshot, loadDesiredSnapshot } from "./desired_snapshot.ts";
import { DomainError } from "../../domain/errors.ts";
import { trackingProblem } from "../../domain/mapping/tracking_support.ts";
import { plannedRecords } from "./planned_push.ts";
import { PushProgress } from "./push_progress.ts";
import { pushRound } from "./push_round.ts";
import { pushScope } from "./push_scope.ts";
import { saveLinksRefusingTakenIds } from "./save_links.ts";
import { SyncHistoryRecorder } from "./sync_history_recorder.ts";
import type { DesiredRecordDependencies } from "../../domain/ports/desired_record_sources.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { quickbooksBatchRecord } from "../../domain/audit/quickbooks_write_record.ts";

export interface PushDependencies extends DesiredRecordDependencies {
  readonly gateway: QuickBooksGateway;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Records with an open review are left alone until a person picks a side. */
  readonly reviews?: Pick<ReviewQueue, "list">;
  /** Per-record outcomes of job runs (GET /sync/history); nothing is recorded without it or without a job. */
  readonly history?: SyncHistory;
  /** Every batch QBO answered is recorded here (`qbo.batch_written`). */
  readonly audit: AuditTrail;
  /** Records synced, failed and skipped, counted as the progress moves (after each batch). */
  readonly metrics?: ServiceMetrics;
}

export interface PushReport extends PushTally {
  readonly rounds: number;
  /** Writes QBO refused, with our code and QBO's fault code. */
  readonly failed: readonly RefusedWrite[];
  readonly blocked: readonly BlockedRecord[];
  readonly errors: readonly RecordError[];
  /**
   * Every EstateCore record that did not sync (refused writes and unmappable records), one per
   * record as the sync history counts them: its length is the final progress's `failed`.
   */
  readonly failedRecords: readonly FailedRecord[];
  /** The last progress reported (also the job's stored progress). */
  readonly progress: JobProgress;
}

export interface PushOptions {
  /** Commits each batch's links with this job's progress, only while `workerId` holds the lease. */
  readonly job?: { readonly jobId: string; readonly workerId: string };
  readonly onProgress?: (progress: JobProgress) => void | Promise<void>;
  /** Safety bound on plan/write rounds (each round unblocks records that waited for references). */
  readonly maxRounds?: number;
  /** Push only these records (and what they need that is not in QBO yet); everything else is left alone. */
  readonly only?: PushSelection;
  /**
   * With `only`: rewrite the selected records in full even when nothing changed on our side (repairs
   * an object edited in QBO); their links' fingerprint and base snapshot are treated as stale.
   */
  readonly force?: boolean;
}

/** Counts what each progress report adds to the last one: records synced, failed and skipped. */
function recordCounter(metrics: ServiceMetrics): (progress: JobProgress) => void {
  let last = { done: 0, failed: 0, skipped: 0 };
  return (progress) => {
    metrics.syncRecords("synced", progress.done - last.done);
    metrics.syncRecords("failed", progress.failed - last.failed);
    metrics.syncRecords("skipped", progress.skipped - last.skipped);
    last = {
      done: Math.max(last.done, progress.done),
      failed: Math.max(last.failed, progress.failed),
      skipped: Math.max(last.skipped, progress.skipped),
    };
  };
}

/**
 * A push never sends a ClassRef or DepartmentRef the company has turned off: QuickBooks would drop
 * or refuse them record by record, so the whole push stops first with a configuration problem.
 */
function refuseUnsupportedTracking(snapshot: DesiredSnapshot, target: QuickBooksTarget): void {
  const problem = snapshot.support && trackingProblem(snapshot.sync, snapshot.support);
  if (!problem) return;
  throw new DomainError("TRACKING_NOT_SUPPORTED", problem.message, {
    realm_id: target.realmId,
    property_tracking: snapshot.sync.property_tracking,
    unit_tracking: snapshot.sync.unit_tracking,
    tracking: problem.tracking,
    quickbooks_switch: problem.quickbooksSwitch,
  });
}

/**
 * Pushes an organization's mirror to its QBO company: plan (fingerprints, sparse updates,
 * dependency tiers), adopt existing objects instead of duplicating them, write in batches with
 * deterministic requestids, and store each batch's links together with the job's progress. Rounds
 * repeat while records wait for references written in the previous round. Killing the process at
 * any point is safe: the next run re-plans from the stored links, QBO replays requestids it has
 * seen, and anything created but not linked is adopted by its natural key.
 */
export async function pushPortfolio(
  deps: PushDependencies,
  target: QuickBooksTarget,
  options: PushOptions = {},
): Promise<PushReport> {
  const snapshot = await loadDesiredSnapshot(deps, target);
  refuseUnsupportedTracking(snapshot, target);
  const { owners } = snapshot;
  const scope = await pushScope({
    snapshot,
    target,
    reviews: deps.reviews,
    only: options.only,
    force: options.force,
  });
  const batchSize = snapshot.sync.batch_size;
  const maxRounds = options.maxRounds ?? 12;
  // The total is known before the first write: every round planned up front as if each write succeeded.
  const progress = new PushProgress(
    owners,
    plannedRecords({ scope, links: snapshot.links, owners, batchSize, maxRounds }),
  );
  const run = options.job
    ? { orgId: target.orgId, realmId: target.realmId, jobId: options.job.jobId }
    : undefined;
  const recorder = new SyncHistoryRecorder(deps.history, run, owners, () => deps.clock.now().toISOString());

  let state = startPush(snapshot.links);
  let desired: Pick<DesiredState, "blocked" | "errors"> = { blocked: [], errors: [] };
  let rounds = 0;
  let forced = scope.forced;
  const at = (s: PushState) => ({ state: s, rounds, desired });
  const counted = recordCounter(deps.metrics ?? NO_METRICS);
  const report = async (s: PushState) => {
    const now = progress.at(at(s));
    counted(now);
    await options.onProgress?.(now);
  };
  const commit = async (s: PushState, writes: readonly SyncLinkWrite[], before: readonly SyncLink[]) => {
    if (writes.length === 0) return s;
    let stored = s;
    // A QBO id another record holds stops only the record it came back for (QBO_ID_ALREADY_LINKED).
    const { ok } = await saveLinksRefusingTakenIds(writes, (kept) => {
      const job = options.job ? { ...options.job, progress: progress.at(at(stored)) } : undefined;
      return deps.links.saveBatch(target.orgId, target.realmId, kept, deps.clock.now().toISOString(), job);
    }, async (refused) => {
      stored = withRefusedLinks(stored, before, refused);
      await recorder.refused(refused);
    });
    if (!ok && options.job) throw new LeaseLostError(options.job.jobId, options.job.workerId);
    return stored;
  };

  await report(state);
  for (rounds = 1; rounds <= maxRounds; rounds++) {
    const current = scope.desiredWith(state.links);
    desired = current;
    const records = current.desired.filter((d) => scope.eligible(d));
    const forcing = forced;
    const round = await pushRound({
      gateway: deps.gateway,
      target,
      recorder,
      answered: (batch, outcome, answers) =>
        deps.audit(quickbooksBatchRecord({
          orgId: target.orgId,
          realmId: target.realmId,
          at: deps.clock.now().toISOString(),
          actor: "system:worker",
          batch,
          answers,
          intuitTid: outcome.intuitTid,
          calls: outcome.calls,
          ownersOf: (entityType, recordId) => owners.ownersOf(entityType, recordId),
          jobId: options.job?.jobId,
          requestId: null,
        })),
      state,
      planAgainst: (s) =>
        planSync(
          records.filter((d) => !s.refused.has(syncKey(d.entityType, d.recordId))),
          withForcedRewrites(s.links, forcing),
          { batchSize },
        ),
      commit,
      batchStored: report,
    });
    if (round.planned.length === 0) break;
    state = round.state;
    // Still forcing only what was planned and neither confirmed nor refused (a stale SyncToken retry).
    forced = stillForced(forced, round.planned, state.answered);
    if (!round.progressed) break;
  }
  await recorder.finished(desired.blocked, desired.errors);
  const final = progress.at(at(state), true);
  counted(final);
  await options.onProgress?.(final);
  const failed = [...state.refused.values()];
  deps.logger.info("push finished", {
    org_id: target.orgId,
    realm_id: target.realmId,
    rounds,
    ...state.tally,
    failed: failed.length,
    blocked: desired.blocked.length,
  });
  return {
    rounds,
    ...state.tally,
    failed,
    blocked: desired.blocked,
    errors: desired.errors,
    failedRecords: failedRecords(owners, failed, desired.errors),
    progress: final,
  };
}
