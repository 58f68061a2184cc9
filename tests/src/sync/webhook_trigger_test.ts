import assert from "node:assert/strict";
import { openDatabase } from "../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../adapters/persistence/migrator.ts";
import { SqlConnectionRepository } from "../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlJobQueue } from "../../../adapters/persistence/repositories/job_queue_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import { SqlWebhookInbox } from "../../../adapters/persistence/repositories/webhook_inbox_repository.ts";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import { triggerPullsFromWebhooks } from "../../../src/sync/webhook_trigger.ts";
import { SYNC_JOB } from "../../../src/sync/sync_jobs.ts";

const NOW = "2026-06-01T12:00:00.000Z";

Deno.test("triggerPullsFromWebhooks queues one pull per connected organization and drains the realm's events", async () => {
  const database = await openDatabase(":memory:");
  try {
    await migrateToLatest(database);
    let n = 0;
    const ids = { newId: () => `id-${++n}` };
    const orgs = new SqlOrganizationRepository(database.db);
    const connections = new SqlConnectionRepository(database.db);
    const jobs = new SqlJobQueue(database, ids);
    const inbox = new SqlWebhookInbox(database, () => ids.newId());
    const logs: string[] = [];
    for (const org of ["org-a", "org-b"]) await orgs.create({ id: org, name: org, createdAt: NOW });
    const base = {
      companyName: "Co",
      status: "connected" as const,
      encryptedTokens: "x",
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      refreshTokenHardExpiresAt: null,
      classTrackingEnabled: true,
      locationTrackingEnabled: true,
      isDefault: true,
      lastErrorCode: null,
      lastErrorMessage: null,
      lastErrorAt: null,
      connectedAt: NOW,
    };
    await connections.save({ ...base, id: "c1", orgId: "org-a", realmId: "111" }, NOW);
    await connections.save({ ...base, id: "c2", orgId: "org-b", realmId: "111" }, NOW);
    const event = (id: string, realmId: string) => ({
      dedupKey: `k-${id}`,
      realmId,
      entityName: "Customer",
      entityId: id,
      operation: "Update" as const,
      occurredAt: new Date(NOW),
      deletedId: null,
      format: "cloudevents" as const,
    });
    await inbox.storeAll([event("1", "111"), event("2", "111"), event("3", "999")], new Date(NOW));
    const deps = {
      inbox,
      connections,
      jobs,
      clock: { now: () => new Date(NOW) },
      logger: new JsonLogger({ sink: (l) => logs.push(l) }),
      workerId: "w1",
    };

    assert.deepEqual(await triggerPullsFromWebhooks(deps), { queued: 2, processed: 3 });
    for (const org of ["org-a", "org-b"]) {
      const [job] = await jobs.listByOrg(org, { limit: 10 });
      assert.equal(job.jobType, SYNC_JOB);
      assert.deepEqual(job.payload, { direction: "pull" });
      assert.equal(job.realmId, "111");
    }
    assert.ok(logs.some((l) => l.includes("no organization has connected") && l.includes("999")));
    assert.deepEqual(await triggerPullsFromWebhooks(deps), { queued: 0, processed: 0 }, "drained");

    await inbox.storeAll([event("4", "111")], new Date(NOW));
    assert.deepEqual(
      await triggerPullsFromWebhooks(deps),
      { queued: 0, processed: 1 },
      "a queued pull already covers it",
    );
  } finally {
    await database.close();
  }
});
