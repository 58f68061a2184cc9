import assert from "node:assert/strict";
import { startWorker } from "../../../src/worker/worker_runner.ts";
import { startTestService } from "../../support/service.ts";

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

Deno.test("startWorker runs each periodic task once per cadence of the service clock and survives a failing one", async () => {
  const service = await startTestService();
  const runs = { every_tick: 0, hourly: 0, broken: 0 };
  const tasks = [
    { name: "every_tick", everyMs: 0, run: () => Promise.resolve({ n: ++runs.every_tick }) },
    { name: "hourly", everyMs: 3_600_000, run: () => Promise.resolve({ n: ++runs.hourly }) },
    {
      name: "broken",
      everyMs: 0,
      run: () => {
        runs.broken++;
        return Promise.reject(new Error("database unreachable"));
      },
    },
  ];
  const worker = startWorker({ ...service, periodicTasks: tasks }, { idleMs: 2 });
  try {
    await until(() => runs.every_tick >= 5, "five idle ticks");
    assert.equal(runs.hourly, 1, "an hourly task runs once while the clock stands still");
    assert.ok(runs.broken >= 4, "a failing task is retried on its next turn");
    service.clock.advance(3_600_000);
    await until(() => runs.hourly === 2, "the next hour");
    assert.ok(service.logs.some((l) => l.includes("periodic task failed") && l.includes('"broken"')));
  } finally {
    await worker.stop();
    await service.close();
  }
});

Deno.test("Service.periodicTasks: webhook pulls, scheduled syncs and token renewal are wired", async () => {
  const service = await startTestService();
  try {
    assert.deepEqual(service.periodicTasks.map((t) => t.name).slice(0, 3), [
      "webhook_pulls",
      "scheduled_syncs",
      "token_renewal",
    ]);
    assert.equal(service.periodicTasks.at(-1)?.name, "webhook_deliveries", "webhooks out runs in the worker");
    for (const task of service.periodicTasks) await task.run();
  } finally {
    await service.close();
  }
});
