import assert from "node:assert/strict";
import { pullChanges } from "../../../src/sync/pull_changes.ts";
import { startPullScenario } from "../../support/pull_scenario.ts";

const TENANT = "ten_1_1";

Deno.test("pullChanges (manual): a tenant blocked by a missing parent customer is compared with the tenant itself; an e-mail edited on both sides is a review, never a silent QBO win", async () => {
  const s = await startPullScenario({ conflict_resolution: "manual" });
  try {
    await pullChanges(s.deps, s.h.target);
    // Tenants now wait for their property's parent customer, which is not in QBO yet.
    await s.saveSettings({ conflict_resolution: "manual", property_tracking: "parent_customer" });
    await s.ecEdit("tenant", TENANT, { email: "estatecore.side@example.com" });
    await s.qboEdit("Customer", TENANT, { PrimaryEmailAddr: { Address: "quickbooks.side@example.com" } });

    const pulled = await pullChanges(s.deps, s.h.target);
    assert.equal(pulled.reviews, 1);
    assert.equal(pulled.tenantsUpdated, 0);
    assert.equal((await s.record("tenant", TENANT)).data.email, "estatecore.side@example.com");
    const [review] = await s.openReviews();
    assert.equal(review.recordId, TENANT);
    assert.deepEqual(
      review.conflicts.map((c) => [c.path, c.reason, c.estatecore, c.quickbooks]),
      [[
        "PrimaryEmailAddr.Address",
        "both_changed",
        "estatecore.side@example.com",
        "quickbooks.side@example.com",
      ]],
    );
    assert.deepEqual(await s.events("quickbooks.edited"), []);
  } finally {
    await s.h.close();
  }
});

Deno.test("pullChanges (quickbooks_wins): the same conflict on a blocked tenant is the policy's decision, taken and announced", async () => {
  const s = await startPullScenario({ conflict_resolution: "quickbooks_wins" });
  try {
    await pullChanges(s.deps, s.h.target);
    await s.saveSettings({ conflict_resolution: "quickbooks_wins", property_tracking: "parent_customer" });
    await s.ecEdit("tenant", TENANT, { email: "estatecore.side@example.com", phone: "555-0100" });
    await s.qboEdit("Customer", TENANT, { PrimaryEmailAddr: { Address: "quickbooks.side@example.com" } });

    const pulled = await pullChanges(s.deps, s.h.target);
    assert.equal(pulled.reviews, 0);
    const tenant = await s.record("tenant", TENANT);
    assert.equal(tenant.data.email, "quickbooks.side@example.com");
    assert.equal(tenant.data.phone, "555-0100", "EstateCore's other edit stays");
    const [decided] = await s.events("quickbooks.conflict_resolved");
    assert.deepEqual(decided.recordIds, [TENANT]);
    assert.equal(decided.suggestedAction, "apply_fields");
    assert.equal(decided.details.policy, "quickbooks_wins");
    assert.deepEqual(
      (decided.details.conflicts as { path: string; resolution: string; estatecore: unknown }[])
        .map((c) => [c.path, c.resolution, c.estatecore]),
      [["PrimaryEmailAddr.Address", "quickbooks", "estatecore.side@example.com"]],
    );
  } finally {
    await s.h.close();
  }
});

Deno.test("pullChanges (estatecore_wins): EstateCore's side of a conflict reaches QBO with the next push", async () => {
  const s = await startPullScenario({ conflict_resolution: "estatecore_wins" });
  try {
    await pullChanges(s.deps, s.h.target);
    await s.ecEdit("tenant", TENANT, { email: "estatecore.side@example.com" });
    await s.qboEdit("Customer", TENANT, { PrimaryEmailAddr: { Address: "quickbooks.side@example.com" } });

    await pullChanges(s.deps, s.h.target);
    assert.equal((await s.record("tenant", TENANT)).data.email, "estatecore.side@example.com");
    const [decided] = await s.events("quickbooks.conflict_resolved");
    assert.equal(decided.suggestedAction, null);
    assert.equal((decided.details.conflicts as { resolution: string }[])[0].resolution, "estatecore");

    assert.deepEqual((await s.push()).failed, []);
    assert.deepEqual(
      (await s.qboObject("Customer", TENANT)).PrimaryEmailAddr,
      { Address: "estatecore.side@example.com" },
    );
  } finally {
    await s.h.close();
  }
});

Deno.test("pullChanges: edits of different fields on each side both land, EstateCore's in QBO with the next push", async () => {
  const s = await startPullScenario({ conflict_resolution: "manual" });
  try {
    await pullChanges(s.deps, s.h.target);
    await s.ecEdit("tenant", TENANT, { last_name: "Okafor" });
    await s.qboEdit("Customer", TENANT, { PrimaryEmailAddr: { Address: "quickbooks.side@example.com" } });

    const pulled = await pullChanges(s.deps, s.h.target);
    assert.equal(pulled.reviews, 0);
    const tenant = await s.record("tenant", TENANT);
    assert.equal(tenant.data.email, "quickbooks.side@example.com");
    assert.equal(tenant.data.last_name, "Okafor");

    assert.deepEqual((await s.push()).failed, []);
    const customer = await s.qboObject("Customer", TENANT);
    assert.equal(
      customer.FamilyName,
      "Okafor",
      "the pull did not mistake EstateCore's unpushed edit for QBO's state",
    );
    assert.deepEqual(customer.PrimaryEmailAddr, { Address: "quickbooks.side@example.com" });
  } finally {
    await s.h.close();
  }
});

Deno.test("pullChanges: a field EstateCore cannot tell while the tenant waits for its parent customer goes to review saying why, or follows an explicit policy", async () => {
  for (const policy of ["manual", "quickbooks_wins"] as const) {
    const s = await startPullScenario({ conflict_resolution: policy, property_tracking: "parent_customer" });
    try {
      await pullChanges(s.deps, s.h.target);
      // prop_1's parent customer is made inactive: its tenant cannot be mapped (no ParentRef to send).
      await s.ecDelete("property", "prop_1");
      assert.deepEqual((await s.push()).blocked.map((b) => b.recordId), [TENANT]);
      await pullChanges(s.deps, s.h.target);
      const other = await s.linkOf("Customer", "property:prop_2");
      await s.qboEdit("Customer", TENANT, { ParentRef: { value: other.qboId }, Job: true });

      const pulled = await pullChanges(s.deps, s.h.target);
      if (policy === "manual") {
        assert.equal(pulled.reviews, 1);
        const [review] = await s.openReviews();
        const conflict = review.conflicts.find((c) => c.path === "ParentRef")!;
        assert.equal(conflict.reason, "estatecore_unmapped");
        assert.deepEqual(conflict.unmapped, {
          reason: "waiting_for_reference",
          code: null,
          message: "Waits for Customer of property prop_1 (not in QuickBooks yet)",
          missing: [{ entity: "Customer", source: "property", id: "prop_1" }],
        });
      } else {
        assert.equal(pulled.reviews, 0);
        const [decided] = await s.events("quickbooks.conflict_resolved");
        const conflicts = decided.details.conflicts as { path: string; reason: string; resolution: string }[];
        assert.deepEqual(conflicts.map((c) => [c.path, c.reason, c.resolution]), [
          ["ParentRef", "estatecore_unmapped", "quickbooks"],
        ]);
        assert.equal(
          (decided.details.unmapped as { message: string }).message,
          "Waits for Customer of property prop_1 (not in QuickBooks yet)",
        );
      }
    } finally {
      await s.h.close();
    }
  }
});

Deno.test("pullChanges: a QBO edit of a tenant EstateCore deleted never brings the tenant back; the push still removes it", async () => {
  const s = await startPullScenario({ conflict_resolution: "quickbooks_wins" });
  try {
    await pullChanges(s.deps, s.h.target);
    await s.ecDelete("tenant", TENANT);
    await s.qboEdit("Customer", TENANT, { PrimaryEmailAddr: { Address: "quickbooks.side@example.com" } });

    const pulled = await pullChanges(s.deps, s.h.target);
    assert.equal(pulled.tenantsUpdated, 0);
    assert.equal((await s.record("tenant", TENANT)).deleted, true);
    assert.deepEqual((await s.push()).failed, []);
    assert.equal((await s.qboObject("Customer", TENANT)).Active, false);
    assert.equal((await s.linkOf("Customer", TENANT)).state, "deleted");
  } finally {
    await s.h.close();
  }
});
