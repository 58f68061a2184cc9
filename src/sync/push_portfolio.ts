import { TransformationRulesSchema } from "../../domain/mapping/transformation_rules.ts";
import { organizationSettingsOf } from "../settings/organization_settings_view.ts";
import type { AccountMappingRepository } from "../../domain/ports/account_mapping_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { JobProgress } from "../../domain/ports/job_queue.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type {
  QuickBooksGateway,
  QuickBooksTarget,
  WriteItem,
} from "../../domain/ports/quickbooks_gateway.ts";
import type { RecordMirror } from "../../domain/ports/record_mirror.ts";
import type { ReviewQueue } from "../../domain/ports/pull_state.ts";
import type { SyncLinkRepository, SyncLinkWrite } from "../../domain/ports/sync_link_repository.ts";
import {
  type SyncSettingsRepository,
  SyncSettingsSchema,
} from "../../domain/ports/sync_settings_repository.ts";
import { applySyncResults, type SyncResult } from "../../domain/sync/apply_sync_results.ts";
import { planSync, type SyncBatch, type SyncOperation } from "../../domain/sync/sync_plan.ts";
import { type DesiredRecord, syncKey, type SyncLink } from "../../domain/sync/sync_record.ts";
import {
  type BlockedRecord,
  buildDesiredState,
  type DesiredState,
  type RecordError,
} from "../../domain/sync_engine/desired_state.ts";
import { type PushSelection, restrictDesiredState } from "../../domain/sync_engine/push_selection.ts";
import { RecordOwners } from "../../domain/sync_engine/record_owners.ts";
import { projectOnto } from "../../domain/sync_engine/project_onto.ts";
import {
  type FailedRecord,
  failedRecords,
  pushProgress,
  recordsBlocked,
  recordsWritten,
} from "../../domain/sync_engine/push_outcomes.ts";
import type { SyncHistory } from "../../domain/ports/sync_history.ts";
import { adoptExisting } from "./adopt_existing.ts";
import { loadPortfolio } from "./load_portfolio.ts";
import { saveLinksRefusingTakenIds } from "./save_links.ts";
import { SyncHistoryRecorder, type WriteOutcome } from "./sync_history_recorder.ts";

export interface PushDependencies {
  readonly mirror: RecordMirror;
  readonly links: SyncLinkRepository;
  readonly gateway: QuickBooksGateway;
  readonly settings: SyncSettingsRepository;
  readonly mappings: AccountMappingRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Records with an open review are left alone until a person picks a side. */
  readonly reviews?: Pick<ReviewQueue, "list">;
  /** Per-record outcomes of job runs (GET /sync/history); nothing is recorded without it or without a job. */
  readonly history?: SyncHistory;
}

/** A write QBO refused, with its QBO fault. */
export interface WriteFailure {
  readonly entityType: string;
  readonly recordId: string;
  readonly qboId: string | null;
  readonly code: string;
  readonly qboCode: string;
  readonly message: string;
}

export interface PushReport {
  readonly rounds: number;
  readonly writes: number;
  readonly created: number;
  readonly updated: number;
  readonly removed: number;
  readonly adopted: number;
  readonly failed: readonly WriteFailure[];
  readonly blocked: readonly BlockedRecord[];
  readonly errors: readonly RecordError[];
  readonly writeCalls: number;
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

/** Thrown when the job's lease was lost mid-run: another worker owns it now; stop quietly. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`lease of job ${jobId} lost`);
    this.name = "LeaseLostError";
  }
}

function writeItem(op: SyncOperation, bId: string): WriteItem {
  const ids = op.qboId ? { Id: op.qboId, SyncToken: op.syncToken ?? "0" } : {};
  switch (op.kind) {
    case "create":
      return { key: bId, entityName: op.entityType, operation: "create", payload: op.body };
    case "update":
      return {
        key: bId,
        entityName: op.entityType,
        operation: "update",
        payload: { ...op.body, ...ids, sparse: true },
      };
    case "void":
      return { key: bId, entityName: op.entityType, operation: "void", payload: ids };
    case "delete":
      return { key: bId, entityName: op.entityType, operation: "delete", payload: ids };
  }
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
  const stored = await deps.settings.get(target.orgId);
  const sync = stored?.settings ?? SyncSettingsSchema.parse({});
  const settings = organizationSettingsOf(target.orgId, sync);
  const rules = TransformationRulesSchema.parse({ display_name_template: sync.display_name_template });
  const accounts = (await deps.mappings.get(target.orgId)).mapping;
  const portfolio = await loadPortfolio(deps.mirror, target.orgId, sync.record_types);

  let links: SyncLink[] = await deps.links.listForRealm(target.orgId, target.realmId);
  const owners = RecordOwners.of(portfolio);
  const recorder = new SyncHistoryRecorder(
    deps.history,
    options.job ? { orgId: target.orgId, realmId: target.realmId, jobId: options.job.jobId } : undefined,
    owners,
    () => deps.clock.now().toISOString(),
  );
  // Forced records plan against a stale link until their full rewrite is confirmed (or refused).
  const forcing = new Set<string>();
  /** Keys QBO confirmed or refused during this run. */
  const settled = new Set<string>();
  let forceSeeded = false;
  const planLinks = () =>
    forcing.size === 0
      ? links
      : links.map((l) =>
        forcing.has(syncKey(l.entityType, l.recordId)) ? { ...l, fingerprint: "", baseSnapshot: {} } : l
      );
  const inReview = new Set(
    (await deps.reviews?.list(target.orgId, { status: "open", limit: 10_000 }) ?? [])
      .filter((r) => r.realmId === target.realmId).map((r) => syncKey(r.entityType, r.recordId)),
  );
  const failed = new Map<string, WriteFailure>();
  const counts = { writes: 0, created: 0, updated: 0, removed: 0, adopted: 0, writeCalls: 0 };
  /** Objects QBO confirmed (written or adopted; once each, however often): their EstateCore records are done. */
  const confirmed = new Map<string, number>();
  const confirm = (writes: readonly { entityType: string; recordId: string }[]) => {
    for (const w of writes) confirmed.set(syncKey(w.entityType, w.recordId), recordsWritten(owners, [w]));
  };
  let blocked: readonly BlockedRecord[] = [];
  let errors: readonly RecordError[] = [];
  let rounds = 0;
  const desiredFor = (current: readonly SyncLink[]) => {
    const full = buildDesiredState({ portfolio, settings, accounts, rules, links: current });
    const selected = options.only ? restrictDesiredState(full, options.only, owners) : undefined;
    return { state: selected?.state ?? full, chosen: selected?.chosen };
  };
  const maxRounds = options.maxRounds ?? 12;
  // The total is known before the first write: every round planned up front as if each write succeeded.
  const planned = plannedRecords(
    desiredFor,
    (state, first) => {
      if (first && options.force && state.chosen) {
        const chosen = state.chosen;
        return links.map((l) =>
          chosen.has(syncKey(l.entityType, l.recordId)) ? { ...l, fingerprint: "", baseSnapshot: {} } : l
        );
      }
      return null;
    },
    links,
    (d) => !inReview.has(syncKey(d.entityType, d.recordId)),
    { batchSize: sync.batch_size, maxRounds, owners },
  );
  let shown = 0;
  let finished = false;
  const progress = (): JobProgress => {
    const figures = pushProgress(planned, shown, {
      done: [...confirmed.values()].reduce((a, b) => a + b, 0),
      failed: failedRecords(owners, [...failed.values()], errors).length,
      waiting: recordsBlocked(owners, blocked),
    }, finished);
    shown = figures.total;
    return {
      ...figures,
      detail: {
        rounds,
        created: counts.created,
        updated: counts.updated,
        removed: counts.removed,
        adopted: counts.adopted,
      },
    };
  };
  const save = async (writes: SyncLinkWrite[]) => {
    if (writes.length === 0) return;
    // A QBO id another record holds stops only the record it came back for (QBO_ID_ALREADY_LINKED).
    const { ok, saved } = await saveLinksRefusingTakenIds(writes, (kept) =>
      deps.links.saveBatch(
        target.orgId,
        target.realmId,
        kept,
        deps.clock.now().toISOString(),
        options.job ? { ...options.job, progress: progress() } : undefined,
      ), async (refused) => {
      for (const failure of refused) {
        confirmed.delete(syncKey(failure.entityType, failure.recordId));
        failed.set(syncKey(failure.entityType, failure.recordId), failure);
      }
      await recorder.refused(refused);
    });
    if (!ok && options.job) throw new LeaseLostError(options.job.jobId);
    const byKey = new Map(links.map((l) => [syncKey(l.entityType, l.recordId), l]));
    for (const w of saved) byKey.set(syncKey(w.entityType, w.recordId), w);
    links = [...byKey.values()];
  };

  await options.onProgress?.(progress());
  for (rounds = 1; rounds <= maxRounds; rounds++) {
    const { state, chosen } = desiredFor(links);
    if (options.force && chosen && !forceSeeded) {
      for (const key of chosen) forcing.add(key);
      forceSeeded = true;
    }
    blocked = state.blocked;
    errors = state.errors;
    const retryable = state.desired.filter((d) => {
      const key = syncKey(d.entityType, d.recordId);
      return !failed.has(key) && !inReview.has(key);
    });
    let plan = planSync(retryable, planLinks(), { batchSize: sync.batch_size });
    if (plan.writes.length === 0) break;

    const adopted = await adoptExisting(deps.gateway, target, plan.writes.filter((w) => w.kind === "create"));
    if (adopted.length > 0) {
      counts.adopted += adopted.length;
      confirm(adopted);
      await recorder.adopted(adopted);
      await save(adopted);
      // An adopted object whose id another record holds failed in save: it is not created instead.
      const stillRetryable = retryable.filter((d) => !failed.has(syncKey(d.entityType, d.recordId)));
      plan = planSync(stillRetryable, planLinks(), { batchSize: sync.batch_size });
    }
    let progressed = adopted.length > 0;
    for (const batch of plan.batches) {
      progressed = (await writeBatch(deps, target, batch, links, failed, counts, save, {
        recorder,
        settled,
        confirm,
      })) ||
        progressed;
      await options.onProgress?.(progress());
    }
    if (forcing.size > 0) {
      // Still forcing only what was planned and neither confirmed nor refused (a stale SyncToken retry).
      const pending = plan.writes.map((op) => syncKey(op.entityType, op.recordId))
        .filter((key) => forcing.has(key) && !settled.has(key));
      forcing.clear();
      for (const key of pending) forcing.add(key);
    }
    if (!progressed) break;
  }
  await recorder.finished(blocked, errors);
  finished = true;
  const final = progress();
  await options.onProgress?.(final);
  deps.logger.info("push finished", {
    org_id: target.orgId,
    realm_id: target.realmId,
    rounds,
    ...counts,
    failed: failed.size,
    blocked: blocked.length,
  });
  return {
    rounds,
    ...counts,
    failed: [...failed.values()],
    blocked,
    errors,
    failedRecords: failedRecords(owners, [...failed.values()], errors),
    progress: final,
  };
}

async function writeBatch(
  deps: PushDependencies,
  target: QuickBooksTarget,
  batch: SyncBatch,
  links: readonly SyncLink[],
  failed: Map<string, WriteFailure>,
  counts: { writes: number; created: number; updated: number; removed: number; writeCalls: number },
  save: (writes: SyncLinkWrite[]) => Promise<void>,
  track: {
    readonly recorder: SyncHistoryRecorder;
    readonly settled: Set<string>;
    readonly confirm: (writes: readonly SyncOperation[]) => void;
  },
): Promise<boolean> {
  const items = batch.items.map((i) => writeItem(i.operation, i.bId));
  const outcome = await deps.gateway.writeBatch(target, items, batch.requestId);
  counts.writeCalls += Math.ceil(items.length / 30);
  const results: SyncResult[] = [];
  const stale: SyncOperation[] = [];
  const outcomes: { operation: SyncOperation; outcome: WriteOutcome }[] = [];
  for (const { bId, operation } of batch.items) {
    const r = outcome.results.find((x) => x.key === bId);
    if (r?.ok) {
      const obj = r.object;
      results.push({
        requestId: operation.requestId,
        ok: true,
        qboId: String(obj.Id ?? operation.qboId),
        syncToken: String(obj.SyncToken ?? operation.syncToken ?? "0"),
      });
      outcomes.push({ operation, outcome: { ok: true, qboId: String(obj.Id ?? operation.qboId) } });
      counts.writes++;
      track.confirm([operation]);
      if (operation.kind === "create") counts.created++;
      else if (operation.kind === "update") counts.updated++;
      else counts.removed++;
    } else {
      results.push({ requestId: operation.requestId, ok: false, errorCode: r?.errorCode ?? "QB007" });
      if (r && r.qboCode === "5010") stale.push(operation);
      else {
        const failure = {
          entityType: operation.entityType,
          recordId: operation.recordId,
          qboId: operation.qboId ?? null,
          code: r?.errorCode ?? "QB007",
          qboCode: r && !r.ok ? r.qboCode : "",
          message: r && !r.ok ? r.message : "no result for the item",
        };
        failed.set(syncKey(operation.entityType, operation.recordId), failure);
        outcomes.push({ operation, outcome: { ok: false, ...failure } });
      }
    }
  }
  for (const { operation } of outcomes) track.settled.add(syncKey(operation.entityType, operation.recordId));
  await track.recorder.written(outcomes);
  const next = applySyncResults(links, batch.items.map((i) => i.operation), results);
  const byKey = new Map(next.map((l) => [syncKey(l.entityType, l.recordId), l]));
  // The base snapshot is what QBO holds after our write, not what we sent: QBO's own side effects
  // (a customer made inactive is renamed "<name> (deleted)", normalised values) are part of our
  // write, so when CDC or a webhook echoes it back the pull sees no QuickBooks-side edit.
  for (const { bId, operation } of batch.items) {
    const r = outcome.results.find((x) => x.key === bId);
    const key = syncKey(operation.entityType, operation.recordId);
    const link = byKey.get(key);
    if (!r?.ok || !link || (operation.kind !== "create" && operation.kind !== "update")) continue;
    byKey.set(key, {
      ...link,
      baseSnapshot: projectOnto(operation.snapshot, r.object) as SyncLink["baseSnapshot"],
    });
  }
  const versionOf = (op: SyncOperation) => typeof op.version === "number" ? op.version : null;
  const writes: SyncLinkWrite[] = results.flatMap((r, i) => {
    const op = batch.items[i].operation;
    const link = r.ok ? byKey.get(syncKey(op.entityType, op.recordId)) : undefined;
    return link ? [{ ...link, recordVersion: versionOf(op) }] : [];
  });
  // Stale SyncToken (5010): someone changed the object in QBO. Take the current token and let the
  // next round retry; what changed on the QBO side is merged by the pull under the org's policy.
  for (const op of stale) {
    const current = op.qboId ? await deps.gateway.read(target, op.entityType, op.qboId) : null;
    const link = links.find((l) => l.entityType === op.entityType && l.recordId === op.recordId);
    if (current && link) {
      writes.push({
        ...link,
        syncToken: String(current.SyncToken ?? link.syncToken),
        recordVersion: versionOf(op),
      });
    }
  }
  await save(writes);
  return writes.length > 0;
}

/**
 * How many EstateCore records a push will settle, planned before its first write: each round is
 * planned as if every write of the round before succeeded (placeholder QBO ids unblock the records
 * waiting for them), and what stays blocked or unmappable at the end counts too.
 */
function plannedRecords(
  desiredFor: (links: readonly SyncLink[]) => { state: DesiredState; chosen?: ReadonlySet<string> },
  firstRoundLinks: (state: { chosen?: ReadonlySet<string> }, first: boolean) => SyncLink[] | null,
  links: readonly SyncLink[],
  eligible: (d: DesiredRecord) => boolean,
  options: { readonly batchSize: number; readonly maxRounds: number; readonly owners: RecordOwners },
): number {
  let current: SyncLink[] = [...links];
  let records = 0;
  let last: DesiredState | null = null;
  for (let round = 1; round <= options.maxRounds; round++) {
    const desired = desiredFor(current);
    last = desired.state;
    const planLinks = firstRoundLinks(desired, round === 1) ?? current;
    const plan = planSync(desired.state.desired.filter(eligible), planLinks, {
      batchSize: options.batchSize,
    });
    if (plan.writes.length === 0) break;
    records += recordsWritten(options.owners, plan.writes);
    current = applySyncResults(
      planLinks,
      plan.writes,
      plan.writes.map((op) => ({
        requestId: op.requestId,
        ok: true as const,
        qboId: op.qboId ?? `planned:${op.entityType}:${op.recordId}`,
        syncToken: op.syncToken ?? "0",
      })),
    );
  }
  if (!last) return records;
  return records + recordsBlocked(options.owners, last.blocked) +
    failedRecords(options.owners, [], last.errors).length;
}
