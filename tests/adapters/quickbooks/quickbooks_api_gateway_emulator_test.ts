/** The gateway against the full emulator (OAuth tokens, gateway faults, accounting core). */
import assert from "node:assert/strict";
import { gatewayOnEmulator } from "./support/emulator_under_test.ts";

const options = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  ...options,
  name:
    "QuickBooksApiGateway on the emulator: profile, O'Brien query, batch create/update, stale SyncToken, CDC, report",
  async fn() {
    const qbo = await gatewayOnEmulator({
      companyName: "Maple Court LLC",
      classTracking: true,
      locationTracking: true,
    });
    try {
      const { gateway, target } = qbo;
      const profile = await gateway.readCompanyProfile(target);
      assert.equal(profile.companyName, "Maple Court LLC");
      assert.notEqual(profile.classTracking, "off");
      assert.equal(profile.locationTracking, true);

      // LastUpdatedTime has whole seconds: start the window a little before the writes.
      const since = new Date(qbo.emulator.clock.now().getTime() - 5_000);
      const created = await gateway.writeBatch(target, [
        { key: "t1", entityName: "Customer", operation: "create", payload: { DisplayName: "Liam O'Brien" } },
        { key: "t2", entityName: "Customer", operation: "create", payload: { DisplayName: "Ann Lee" } },
      ], "org-1:create-tenants");
      assert.ok(created.results.every((r) => r.ok), JSON.stringify(created.results));
      assert.ok(created.intuitTid);
      const again = await gateway.writeBatch(target, [
        { key: "t1", entityName: "Customer", operation: "create", payload: { DisplayName: "Liam O'Brien" } },
        { key: "t2", entityName: "Customer", operation: "create", payload: { DisplayName: "Ann Lee" } },
      ], "org-1:create-tenants");
      assert.ok(again.results.every((r) => r.ok), "a replayed requestid is answered, not re-executed");
      const obrien = await gateway.query(target, {
        entityName: "Customer",
        where: [{ field: "DisplayName", operator: "=", value: "Liam O'Brien" }],
      });
      assert.equal(obrien.length, 1, "the replay created no duplicate");

      const customer = obrien[0];
      const update = (name: string, key: string) =>
        gateway.writeBatch(target, [{
          key,
          entityName: "Customer",
          operation: "update",
          payload: { Id: customer.Id, SyncToken: customer.SyncToken, sparse: true, DisplayName: name },
        }], `org-1:${key}`);
      assert.ok((await update("Liam O'Brien Jr", "u1")).results[0].ok);
      const stale = (await update("Liam O'Brien Sr", "u2")).results[0];
      assert.ok(!stale.ok && stale.errorCode === "QB005" && stale.qboCode === "5010", JSON.stringify(stale));

      const changes = await gateway.changesSince(target, ["Customer"], since);
      assert.equal(changes.source, "cdc");
      assert.ok(
        changes.changes.some((c) =>
          c.entityName === "Customer" && c.object.DisplayName === "Liam O'Brien Jr"
        ),
      );

      const report = await gateway.fetchReport(target, { reportName: "ProfitAndLoss", params: {} });
      assert.equal(report.header.ReportName, "ProfitAndLoss");
    } finally {
      await qbo.close();
    }
  },
});

Deno.test({
  ...options,
  name:
    "QuickBooksApiGateway on the emulator: expired token, 429 storm, 5xx burst and dropped connections are absorbed",
  async fn() {
    const qbo = await gatewayOnEmulator({ companyName: "Faulty LLC" });
    try {
      const { gateway, target, admin } = qbo;
      await admin("/tokens/expire", { realmId: target.realmId });
      await gateway.query(target, { entityName: "Customer" });
      assert.equal(qbo.tokens.refreshes, 1);
      await admin("/faults", { type: "throttle", count: 3, realmId: target.realmId });
      await gateway.query(target, { entityName: "Customer" });
      await admin("/faults", { type: "error", status: 503, count: 2, realmId: target.realmId });
      await gateway.query(target, { entityName: "Customer" });
      await admin("/faults", { type: "drop", count: 2, realmId: target.realmId });
      await gateway.query(target, { entityName: "Customer" });
      assert.equal(gateway.circuitStatus(target.realmId), "closed");
    } finally {
      await qbo.close();
    }
  },
});

Deno.test({
  ...options,
  name:
    "QuickBooksApiGateway on the emulator: a long 5xx outage opens the circuit, then calls fail fast with QB007",
  async fn() {
    const qbo = await gatewayOnEmulator({ companyName: "Down LLC" }, { maxAttempts: 2, breakerThreshold: 3 });
    try {
      const { gateway, target, admin } = qbo;
      await admin("/faults", { type: "error", status: 500, count: 100, realmId: target.realmId });
      for (let i = 0; i < 2; i++) {
        await assert.rejects(
          gateway.query(target, { entityName: "Customer" }),
          (e) => (e as { code: string }).code === "QB007",
        );
      }
      assert.equal(gateway.circuitStatus(target.realmId), "open");
      const error = await gateway.query(target, { entityName: "Customer" }).catch((e) => e);
      assert.equal(error.code, "QB007");
      assert.match(error.message, /circuit open/);
    } finally {
      await qbo.close();
    }
  },
});
