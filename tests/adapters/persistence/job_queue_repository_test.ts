import assert from "node:assert/strict";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { MAX_INTERRUPTIONS } from "../../../domain/ports/job_queue.ts";
import { contractSuite } from "../../support/databases.ts";

const T0 = "2026-05-01T12:00:00.000Z";
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

function sequentialIds(prefix: string) {
  let n = 0;
  return { newId: () => `${prefix}-${String(++n).padStart(4, "0")}` };
}

contractSuite("SqlJobQueue contract", async (t, database) => {
  const queue = new SqlJobQueue(database, sequentialIds("job"), { baseMs: 1_000, maxMs: 4_000 });

  await t.step("enqueue stores a queued job with an id from the Ids port", async () => {
    const { job, created } = await queue.enqueue(
      { jobType: "sync.push", orgId: "org-a", realmId: "111", payload: { records: 3 } },
      T0,
    );
    assert.equal(created, true);
    assert.equal(job.id, "job-0001");
    assert.equal(job.status, "queued");
    assert.equal(job.attempts, 0);
    assert.equal(job.maxAttempts, 5);
    assert.equal(job.interruptions, 0);
    assert.equal(job.runAfter, T0);
    assert.deepEqual(job.payload, { records: 3 });
    assert.deepEqual(await queue.get("job-0001"), job);
  });

  await t.step("enqueue with a live dedupe key returns the existing job", async () => {
    const first = await queue.enqueue({
      jobType: "sync.pull",
      orgId: "org-a",
      realmId: "111",
      payload: {},
      dedupeKey: "pull:111",
    }, T0);
    const second = await queue.enqueue({
      jobType: "sync.pull",
      orgId: "org-a",
      realmId: "111",
      payload: {},
      dedupeKey: "pull:111",
    }, T0);
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.job.id, first.job.id);
    const otherOrg = await queue.enqueue({
      jobType: "sync.pull",
      orgId: "org-b",
      realmId: "222",
      payload: {},
      dedupeKey: "pull:111",
    }, T0);
    assert.equal(otherOrg.created, true, "dedupe keys are per organization");
    assert.equal(await queue.cancel("org-a", first.job.id, T0), true);
    const afterCancel = await queue.enqueue({
      jobType: "sync.pull",
      orgId: "org-a",
      realmId: "111",
      payload: {},
      dedupeKey: "pull:111",
    }, T0);
    assert.equal(afterCancel.created, true, "a finished job frees its dedupe key");
    assert.equal(await queue.cancel("org-a", afterCancel.job.id, T0), true);
    assert.equal(await queue.cancel("org-b", otherOrg.job.id, T0), true);
  });

  await t.step("claim leases the oldest due job and never a future one", async () => {
    const future = await queue.enqueue({
      jobType: "sync.push",
      orgId: "org-a",
      realmId: null,
      payload: {},
      runAfter: "2026-05-01T14:01:00+02:00",
    }, T0);
    assert.equal(future.job.runAfter, at(60_000), "instants are normalized to UTC ISO text");
    const claimed = await queue.claim("worker-1", 30_000, T0);
    assert.equal(claimed?.id, "job-0001");
    assert.equal(claimed?.status, "running");
    assert.equal(claimed?.attempts, 1);
    assert.equal(claimed?.leaseOwner, "worker-1");
    assert.equal(claimed?.leaseUntil, at(30_000));
    assert.equal(claimed?.startedAt, T0);
    assert.equal(await queue.claim("worker-2", 30_000, T0), null, "the future job is not due yet");
    assert.deepEqual(await queue.get("job-0001"), claimed);
  });

  await t.step("heartbeat, progress and complete only work for the lease holder", async () => {
    const progress = { total: 10, done: 4, failed: 1, skipped: 2, detail: { tier: "names" } };
    assert.equal(await queue.updateProgress("job-0001", "worker-2", progress, at(1_000)), false);
    assert.equal(await queue.heartbeat("job-0001", "worker-2", 30_000, at(1_000)), false);
    assert.equal(await queue.updateProgress("job-0001", "worker-1", progress, at(1_000)), true);
    assert.equal(await queue.heartbeat("job-0001", "worker-1", 30_000, at(20_000)), true);
    const running = (await queue.get("job-0001"))!;
    assert.deepEqual(running.progress, progress);
    assert.equal(running.leaseUntil, at(50_000));
    assert.equal(
      await queue.claim("worker-2", 30_000, at(40_000)),
      null,
      "an extended lease is not claimable",
    );
    assert.equal(await queue.complete("job-0001", "worker-2", {}, at(41_000)), false);
    assert.equal(await queue.complete("job-0001", "worker-1", { pushed: 7 }, at(41_000)), true);
    const done = (await queue.get("job-0001"))!;
    assert.equal(done.status, "succeeded");
    assert.deepEqual(done.result, { pushed: 7 });
    assert.equal(done.finishedAt, at(41_000));
    assert.equal(done.leaseOwner, null);
    assert.equal(
      await queue.heartbeat("job-0001", "worker-1", 30_000, at(42_000)),
      false,
      "finished jobs hold no lease",
    );
  });

  await t.step(
    "an expired lease is taken over by another worker: same attempt, one more interruption",
    async () => {
      const { job } = await queue.enqueue(
        { jobType: "reconcile", orgId: "org-r", realmId: null, payload: {} },
        T0,
      );
      const first = await queue.claim("worker-1", 10_000, T0, { jobTypes: ["reconcile"] });
      assert.equal(first?.id, job.id);
      assert.equal(first?.attempts, 1);
      assert.equal(first?.interruptions, 0);
      assert.equal(await queue.claim("worker-2", 10_000, at(9_999), { jobTypes: ["reconcile"] }), null);
      const second = await queue.claim("worker-2", 10_000, at(10_000), { jobTypes: ["reconcile"] });
      assert.equal(second?.id, job.id);
      assert.equal(second?.attempts, 1, "the interrupted run spent no attempt");
      assert.equal(second?.interruptions, 1);
      assert.equal(second?.leaseOwner, "worker-2");
      assert.deepEqual(await queue.get(job.id), second);
      const stale = { total: 1, done: 1, failed: 0, skipped: 0, detail: {} };
      assert.equal(
        await queue.updateProgress(job.id, "worker-1", stale, at(10_001)),
        false,
        "the old holder lost it",
      );
      assert.equal(await queue.complete(job.id, "worker-2", {}, at(10_002)), true);
    },
  );

  await t.step("releaseLeasesOf: a worker starting again takes its dead run over at once", async () => {
    const { job } = await queue.enqueue(
      { jobType: "restart", orgId: "org-s", realmId: null, payload: {} },
      T0,
    );
    const { job: other } = await queue.enqueue(
      { jobType: "restart", orgId: "org-s", realmId: null, payload: {} },
      T0,
    );
    assert.equal((await queue.claim("worker-a", 60_000, T0, { jobTypes: ["restart"] }))?.id, job.id);
    assert.equal((await queue.claim("worker-b", 60_000, T0, { jobTypes: ["restart"] }))?.id, other.id);
    // worker-a's process is killed; it starts again under the same identity one second later.
    assert.equal(await queue.releaseLeasesOf("worker-a", at(1_000)), 1);
    assert.equal(
      await queue.releaseLeasesOf("worker-a", at(1_000)),
      0,
      "released leases are not counted again",
    );
    assert.equal((await queue.get(other.id))?.leaseUntil, at(60_000), "another worker's lease is untouched");
    const resumed = await queue.claim("worker-a", 60_000, at(1_000), { jobTypes: ["restart"] });
    assert.equal(resumed?.id, job.id, "claimable at once, not after the 60 s lease");
    assert.equal(resumed?.attempts, 1);
    assert.equal(resumed?.interruptions, 1);
    assert.equal(await queue.releaseLeasesOf("nobody", at(1_000)), 0);
    assert.equal(await queue.complete(job.id, "worker-a", {}, at(2_000)), true);
    assert.equal(await queue.complete(other.id, "worker-b", {}, at(2_000)), true);
  });

  await t.step(
    "attempts count failures of the work, not crashes: a one-attempt job survives takeovers",
    async () => {
      const { job } = await queue.enqueue(
        { jobType: "once", orgId: "org-o", realmId: null, payload: {}, maxAttempts: 1 },
        T0,
      );
      await queue.claim("w1", 1_000, T0, { jobTypes: ["once"] });
      await queue.claim("w2", 1_000, at(1_000), { jobTypes: ["once"] });
      assert.equal(await queue.releaseLeasesOf("w2", at(1_500)), 1);
      const third = (await queue.claim("w2", 1_000, at(1_500), { jobTypes: ["once"] }))!;
      assert.equal(third.attempts, 1);
      assert.equal(third.interruptions, 2);
      const dead = (await queue.fail(job.id, "w2", { code: "QB007", message: "down" }, at(1_600)))!;
      assert.equal(dead.status, "dead", "its one attempt failed: no retry left");
      assert.equal(dead.attempts, 1);
    },
  );

  await t.step("fail retries with exponential backoff, then goes dead at max attempts", async () => {
    const { job } = await queue.enqueue(
      { jobType: "flaky", orgId: "org-f", realmId: null, payload: {}, maxAttempts: 3 },
      T0,
    );
    const failure = { code: "QB007", message: "QuickBooks unavailable" };
    await queue.claim("w", 60_000, T0, { jobTypes: ["flaky"] });
    assert.equal(await queue.fail(job.id, "someone-else", failure, T0), null);
    const retry1 = (await queue.fail(job.id, "w", failure, T0))!;
    assert.equal(retry1.status, "queued");
    assert.equal(retry1.runAfter, at(1_000));
    assert.equal(retry1.lastErrorCode, "QB007");
    assert.equal(
      await queue.claim("w", 60_000, at(999), { jobTypes: ["flaky"] }),
      null,
      "backoff is respected",
    );
    await queue.claim("w", 60_000, at(1_000), { jobTypes: ["flaky"] });
    const retry2 = (await queue.fail(job.id, "w", failure, at(1_000)))!;
    assert.equal(retry2.runAfter, at(3_000), "second delay doubles");
    const third = await queue.claim("w", 60_000, at(3_000), { jobTypes: ["flaky"] });
    assert.equal(third?.attempts, 3);
    const dead = (await queue.fail(job.id, "w", failure, at(3_000)))!;
    assert.equal(dead.status, "dead");
    assert.equal(dead.finishedAt, at(3_000));
    assert.equal(await queue.claim("w", 60_000, at(999_999), { jobTypes: ["flaky"] }), null);
  });

  await t.step(
    "a failure deferred until a time waits until then and spends no attempt, even at the last",
    async () => {
      const { job } = await queue.enqueue(
        { jobType: "paused", orgId: "org-f", realmId: null, payload: {}, maxAttempts: 1 },
        T0,
      );
      const paused = {
        code: "QB007",
        message: "QuickBooks calls for this company are paused",
        deferUntil: at(30_000),
      };
      for (let i = 0; i < 3; i++) {
        const claimed = await queue.claim("w", 60_000, at(i * 30_000), { jobTypes: ["paused"] });
        assert.equal(claimed?.attempts, 1, "always the first attempt");
        const deferred =
          (await queue.fail(job.id, "w", { ...paused, deferUntil: at((i + 1) * 30_000) }, at(i * 30_000)))!;
        assert.equal(deferred.status, "queued", "not dead though its only attempt ran");
        assert.equal(deferred.runAfter, at((i + 1) * 30_000));
        assert.equal(deferred.lastErrorCode, "QB007");
        assert.equal(
          await queue.claim("w", 60_000, at((i + 1) * 30_000 - 1), { jobTypes: ["paused"] }),
          null,
        );
      }
      await queue.claim("w", 60_000, at(90_000), { jobTypes: ["paused"] });
      const real =
        (await queue.fail(job.id, "w", { code: "QB007", message: "QuickBooks unavailable" }, at(90_000)))!;
      assert.equal(real.status, "dead", "a failure of the work itself spends the attempt");
    },
  );

  await t.step("fail that is not retryable goes dead at once", async () => {
    const { job } = await queue.enqueue({ jobType: "fatal", orgId: "org-f", realmId: null, payload: {} }, T0);
    await queue.claim("w", 60_000, T0, { jobTypes: ["fatal"] });
    const dead =
      (await queue.fail(job.id, "w", { code: "QB006", message: "No mapping", retryable: false }, T0))!;
    assert.equal(dead.status, "dead");
    assert.equal(dead.attempts, 1);
    assert.equal(dead.lastErrorMessage, "No mapping");
  });

  await t.step("claim buries a job whose run was cut short MAX_INTERRUPTIONS times", async () => {
    const { job } = await queue.enqueue(
      { jobType: "crashy", orgId: "org-c", realmId: null, payload: {} },
      T0,
    );
    await queue.claim("w0", 1_000, T0, { jobTypes: ["crashy"] });
    for (let i = 1; i < MAX_INTERRUPTIONS; i++) {
      const taken = await queue.claim(`w${i}`, 1_000, at(i * 1_000), { jobTypes: ["crashy"] });
      assert.equal(taken?.interruptions, i);
      assert.equal(taken?.attempts, 1);
    }
    assert.equal(
      await queue.claim("wz", 1_000, at(MAX_INTERRUPTIONS * 1_000), { jobTypes: ["crashy"] }),
      null,
    );
    const dead = (await queue.get(job.id))!;
    assert.equal(dead.status, "dead");
    assert.equal(dead.interruptions, MAX_INTERRUPTIONS);
    assert.equal(dead.lastErrorCode, "LEASE_EXPIRED");
    assert.match(dead.lastErrorMessage ?? "", /cut short 10 times/);
  });

  await t.step("cancel stops a running job: its holder can no longer write", async () => {
    const { job } = await queue.enqueue({ jobType: "long", orgId: "org-a", realmId: null, payload: {} }, T0);
    await queue.claim("w", 60_000, T0, { jobTypes: ["long"] });
    assert.equal(
      await queue.cancel("org-other", job.id, T0),
      false,
      "only the job's organization cancels it",
    );
    assert.equal(await queue.cancel("org-a", job.id, T0), true);
    assert.equal(await queue.heartbeat(job.id, "w", 60_000, T0), false);
    assert.equal(await queue.cancel("org-a", job.id, T0), false, "already finished");
    assert.equal((await queue.get(job.id))?.status, "cancelled");
  });

  await t.step("listByOrg lists one organization's jobs newest first, filtered", async () => {
    const q2 = new SqlJobQueue(database, sequentialIds("list"));
    await q2.enqueue({ jobType: "a", orgId: "org-l", realmId: null, payload: {} }, at(1));
    await q2.enqueue({ jobType: "b", orgId: "org-l", realmId: null, payload: {} }, at(2));
    await q2.enqueue({ jobType: "a", orgId: "org-m", realmId: null, payload: {} }, at(3));
    assert.deepEqual((await q2.listByOrg("org-l", { limit: 10 })).map((j) => j.id), [
      "list-0002",
      "list-0001",
    ]);
    assert.deepEqual((await q2.listByOrg("org-l", { limit: 10, jobType: "a" })).map((j) => j.id), [
      "list-0001",
    ]);
    assert.deepEqual(await q2.listByOrg("org-l", { limit: 10, status: "running" }), []);
  });

  await t.step("concurrent claimers: each due job goes to exactly one worker", async () => {
    const q3 = new SqlJobQueue(database, sequentialIds("race"));
    for (let i = 0; i < 6; i++) {
      await q3.enqueue({ jobType: "race", orgId: "org-race", realmId: null, payload: { i } }, T0);
    }
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, w) => q3.claim(`w${w}`, 60_000, at(1), { jobTypes: ["race"] })),
    );
    const won = claims.filter((j) => j !== null).map((j) => j!.id);
    assert.equal(new Set(won).size, won.length, "no job was handed to two workers");
    // Claimers that lost every race come back empty; a second round drains what remains.
    const rest: string[] = [];
    for (let w = 0; w < 6; w++) {
      const j = await q3.claim(`late${w}`, 60_000, at(2), { jobTypes: ["race"] });
      if (j) rest.push(j.id);
    }
    assert.deepEqual([...won, ...rest].sort(), [
      "race-0001",
      "race-0002",
      "race-0003",
      "race-0004",
      "race-0005",
      "race-0006",
    ]);
    for (const id of won) assert.equal((await q3.get(id))?.attempts, 1);
  });

  await t.step("complete can finish a job succeeded_with_errors, which the status filter finds", async () => {
    const { job } = await queue.enqueue(
      { jobType: "sync.mixed", orgId: "org-e", realmId: "1", payload: {} },
      T0,
    );
    assert.ok(await queue.claim("worker-e", 10_000, T0, { jobTypes: ["sync.mixed"] }));
    assert.equal(
      await queue.complete(job.id, "worker-e", { failed: 2 }, at(1_000), "succeeded_with_errors"),
      true,
    );
    const done = (await queue.get(job.id))!;
    assert.equal(done.status, "succeeded_with_errors");
    assert.equal(done.finishedAt, at(1_000));
    assert.deepEqual(
      (await queue.listByOrg("org-e", { limit: 5, status: "succeeded_with_errors" })).map((j) => j.id),
      [job.id],
    );
    assert.deepEqual(await queue.listByOrg("org-e", { limit: 5, status: "succeeded" }), []);
  });
});

contractSuite("SqlJobQueue.depth", async (t, database) => {
  const queue = new SqlJobQueue(database, sequentialIds("depth"));

  await t.step(
    "counts queued (due or not) and running jobs per type over every organization, nothing else",
    async () => {
      assert.deepEqual(await queue.depth(), []);
      await queue.enqueue({ jobType: "sync.run", orgId: "org-a", realmId: "1", payload: {} }, T0);
      await queue.enqueue({
        jobType: "sync.run",
        orgId: "org-b",
        realmId: "2",
        payload: {},
        runAfter: at(60_000),
      }, T0);
      await queue.enqueue({ jobType: "sync.run", orgId: "org-c", realmId: "3", payload: {} }, T0);
      await queue.enqueue({ jobType: "reconcile", orgId: "org-a", realmId: "1", payload: {} }, T0);
      const done = await queue.enqueue(
        { jobType: "reconcile", orgId: "org-b", realmId: "2", payload: {} },
        T0,
      );
      await queue.cancel("org-b", done.job.id, T0);
      const claimed = await queue.claim("w1", 30_000, T0, { jobTypes: ["sync.run"] });
      assert.ok(claimed);
      assert.deepEqual(await queue.depth(), [
        { jobType: "reconcile", status: "queued", count: 1 },
        { jobType: "sync.run", status: "queued", count: 2 },
        { jobType: "sync.run", status: "running", count: 1 },
      ]);
      await queue.complete(claimed.id, "w1", {}, at(1_000));
      assert.deepEqual(await queue.depth(), [
        { jobType: "reconcile", status: "queued", count: 1 },
        { jobType: "sync.run", status: "queued", count: 2 },
      ]);
    },
  );
});
