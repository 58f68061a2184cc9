import assert from "node:assert/strict";
import { startPullScenario } from "../../support/pull_scenario.ts";

Deno.test("pushPortfolio: a property deleted and sent again gets its class reactivated, and what waited for it syncs", async () => {
  const s = await startPullScenario({ conflict_resolution: "manual", property_tracking: "class" });
  try {
    const classLink = await s.linkOf("Class", "prop_2");
    await s.ecDelete("property", "prop_2");
    assert.deepEqual((await s.push()).failed, []);
    assert.equal((await s.qboObject("Class", "prop_2")).Active, false);
    assert.equal((await s.linkOf("Class", "prop_2")).state, "deleted");
    // A charge edited at the deleted property waits (QBO refuses a ClassRef to an inactive class).
    await s.ecEdit("charge", "chg_rent_2_1_01", { description: "January rent, corrected" });
    const waiting = await s.push();
    assert.deepEqual(waiting.failed, []);
    assert.deepEqual(waiting.blocked.map((b) => [b.recordType, b.recordId, b.missing]), [
      ["charge", "chg_dep_2_1", [{ entity: "Class", source: "property", id: "prop_2" }]],
    ]);

    await s.ecRecreate("property", "prop_2");
    const back = await s.push();
    assert.deepEqual([back.failed, back.blocked, back.errors], [[], [], []]);
    const reactivated = await s.linkOf("Class", "prop_2");
    assert.equal(reactivated.qboId, classLink.qboId, "the same class, not a new one");
    assert.equal(reactivated.state, "active");
    assert.equal((await s.qboObject("Class", "prop_2")).Active, true);
    const invoice = await s.qboObject("Invoice", "inv:lease_2_1|ten_2_1|2026-01");
    assert.ok(
      JSON.stringify(invoice.Line).includes("January rent, corrected"),
      "the charge waited, then synced",
    );
    assert.equal((await s.push()).writes, 0, "in sync");
  } finally {
    await s.h.close();
  }
});

Deno.test("pushPortfolio: a tenant deleted and sent again gets its customer back under its own name", async () => {
  const s = await startPullScenario({ conflict_resolution: "manual" });
  try {
    const name = (await s.qboObject("Customer", "ten_1_1")).DisplayName;
    await s.ecDelete("tenant", "ten_1_1");
    assert.deepEqual((await s.push()).failed, []);
    assert.equal((await s.qboObject("Customer", "ten_1_1")).DisplayName, `${name} (deleted)`);
    // While the tenant is deleted, its charges cannot name it: they wait, and are not refused by QBO.
    await s.ecEdit("charge", "chg_rent_1_1_01", { description: "January rent, corrected" });
    const waiting = await s.push();
    assert.deepEqual(waiting.failed, []);
    assert.deepEqual(waiting.blocked.map((b) => [b.recordType, b.missing]), [
      ["charge", [{ entity: "Customer", source: "tenant", id: "ten_1_1" }]],
      ["payment", [{ entity: "Customer", source: "tenant", id: "ten_1_1" }]],
    ]);

    await s.ecRecreate("tenant", "ten_1_1");
    const back = await s.push();
    assert.deepEqual([back.failed, back.blocked], [[], []]);
    const customer = await s.qboObject("Customer", "ten_1_1");
    assert.equal(customer.Active, true);
    assert.equal(customer.DisplayName, name);
    assert.equal((await s.push()).writes, 0);
  } finally {
    await s.h.close();
  }
});
