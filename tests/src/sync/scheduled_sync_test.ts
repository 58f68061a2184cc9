import assert from "node:assert/strict";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlConnectionRepository } from "../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import { SqlPullCursorStore } from "../../../adapters/persistence/repositories/pull_state_repositories.ts";
import { SqlSyncSettingsRepository } from "../../../adapters/persistence/repositories/sync_settings_repository.ts";
import { SyncSettingsSchema } from "../../../domain/ports/sync_settings_repository.ts";
import { enqueueScheduledSyncs } from "../../../src/sync/scheduled_sync.ts";
import { SYNC_JOB } from "../../../src/sync/sync_jobs.ts";

const START = Date.parse("2026-06-01T12:00:00.000Z");
const MINUTE = 60_000;

async function setup() {
  const database = await openDatabase(":memory:");
  await migrateToLatest(database);
  let n = 0;
  let now = START;
  const clock = { now: () => new Date(now) };
  const iso = () => new Date(now).toISOString();
  const orgs = new SqlOrganizationRepository(database.db);
  const connections = new SqlConnectionRepository(database.db);
  const settings = new SqlSyncSettingsRepository(database);
  const jobs = new SqlJobQueue(database, { newId: () => `job-${++n}` });
  const cursors = new SqlPullCursorStore(database);
  const base = {
    companyName: "Co",
    status: "connected" as const,
    encryptedTokens: "x",
    accessTokenExpiresAt: null,
    refreshTokenExpiresAt: null,
    refreshTokenHardExpiresAt: null,
    classTrackingEnabled: true,
    locationTrackingEnabled: true,
    isDefault: false,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    connectedAt: iso(),
  };
  for (const org of ["org-auto", "org-manual"]) await orgs.create({ id: org, name: org, createdAt: iso() });
  // org-auto has two companies; org-manual keeps the default (auto sync off).
  await connections.save({ ...base, id: "c1", orgId: "org-auto", realmId: "111", isDefault: true }, iso());
  await connections.save({ ...base, id: "c2", orgId: "org-auto", realmId: "222" }, iso());
  await connections.save({ ...base, id: "c3", orgId: "org-manual", realmId: "333", isDefault: true }, iso());
  await settings.save("org-auto", {
    settings: SyncSettingsSchema.parse({ auto_sync_enabled: true, sync_interval_minutes: 15 }),
    chosen: [],
    validatedAgainstCompany: false,
    realmId: null,
  }, iso());
  const deps = {
    connections,
    settings,
    jobs,
    cursors,
    clock,
    logger: new JsonLogger({ sink: () => {} }),
  };
  /** Runs the sync jobs queued so far to completion, as a worker would (the pull stores its cursor). */
  const finishQueued = async () => {
    for (;;) {
      const job = await jobs.claim("w1", 60_000, iso());
      if (!job) return;
      await cursors.set(job.orgId, job.realmId!, iso(), iso());
      await jobs.complete(job.id, "w1", {}, iso());
    }
  };
  return {
    database,
    deps,
    jobs,
    connections,
    advance: (ms: number) => (now += ms),
    iso,
    finishQueued,
  };
}

Deno.test("enqueueScheduledSyncs queues a both-way sync per company of auto-sync organizations once per interval", async () => {
  const t = await setup();
  try {
    // Never pulled: both companies of org-auto are due at once; org-manual never is.
    assert.deepEqual(await enqueueScheduledSyncs(t.deps), { queued: 2, due: 2 });
    const queued = await t.jobs.listByOrg("org-auto", { limit: 10, jobType: SYNC_JOB });
    assert.deepEqual(queued.map((j) => j.realmId).sort(), ["111", "222"]);
    assert.ok(queued.every((j) => j.payload.direction === "both"));
    assert.equal((await t.jobs.listByOrg("org-manual", { limit: 10 })).length, 0);

    // A second tick before the jobs ran queues nothing new.
    assert.deepEqual(await enqueueScheduledSyncs(t.deps), { queued: 0, due: 0 });

    await t.finishQueued();
    t.advance(14 * MINUTE);
    assert.equal((await enqueueScheduledSyncs(t.deps)).queued, 0, "not before 15 minutes");
    t.advance(MINUTE);
    assert.equal((await enqueueScheduledSyncs(t.deps)).queued, 2, "due again after 15 minutes");
  } finally {
    await t.database.close();
  }
});

Deno.test("enqueueScheduledSyncs counts other pulls and failed jobs, and skips companies needing re-authorization", async () => {
  const t = await setup();
  try {
    assert.equal((await enqueueScheduledSyncs(t.deps)).queued, 2);
    await t.finishQueued();
    // A webhook-triggered pull of realm 111 ten minutes later moves its next scheduled sync.
    t.advance(10 * MINUTE);
    await t.deps.cursors.set("org-auto", "111", t.iso(), t.iso());
    t.advance(5 * MINUTE);
    const tick = await enqueueScheduledSyncs(t.deps);
    assert.equal(tick.queued, 1);
    const latest = await t.jobs.listByOrg("org-auto", { limit: 1, jobType: SYNC_JOB });
    assert.equal(latest[0].realmId, "222");

    // That job dies without a pull: the company is not re-queued on every tick, only after the interval.
    const job = (await t.jobs.claim("w1", 60_000, t.iso()))!;
    await t.jobs.fail(job.id, "w1", { code: "QB004", message: "rejected", retryable: false }, t.iso());
    t.advance(MINUTE);
    assert.equal((await enqueueScheduledSyncs(t.deps)).queued, 0);

    // Realm 222 now needs re-authorization: it is skipped; realm 111 becomes due and is queued.
    await t.connections.setStatus("org-auto", "222", "needs_reauthorization", {
      code: "QB002",
      message: "refresh token revoked",
    }, t.iso());
    t.advance(15 * MINUTE);
    const after = await enqueueScheduledSyncs(t.deps);
    assert.equal(after.queued, 1);
    const newest = await t.jobs.listByOrg("org-auto", { limit: 1, jobType: SYNC_JOB });
    assert.equal(newest[0].realmId, "111");
  } finally {
    await t.database.close();
  }
});
