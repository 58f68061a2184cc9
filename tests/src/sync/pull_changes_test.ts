import assert from "node:assert/strict";
import {
  SqlPullCursorStore,
  SqlReviewQueue,
  SqlSyncEventLog,
} from "../../../adapters/persistence/repositories/pull_state_repositories.ts";
import { pullChanges } from "../../../src/sync/pull_changes.ts";
import { pushPortfolio } from "../../../src/sync/push_portfolio.ts";
import { startQboHarness } from "../../support/qbo_harness.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../../src/demo/sample_portfolio.ts";

const NOW = "2026-04-01T00:00:00.000Z";

async function setup(policy: "quickbooks_wins" | "manual") {
  const h = await startQboHarness();
  const records = samplePortfolio({ properties: 1, unitsPerProperty: 3, months: 1 });
  await h.mirror.upsertMany("org-1", records, NOW);
  await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
  const { SyncSettingsSchema } = await import("../../../domain/ports/sync_settings_repository.ts");
  await h.settings.save("org-1", {
    settings: SyncSettingsSchema.parse({ conflict_resolution: policy }),
    chosen: ["conflict_resolution"],
    validatedAgainstCompany: false,
    realmId: null,
  }, NOW);
  const reviews = new SqlReviewQueue(h.database, { newId: () => crypto.randomUUID() });
  const deps = {
    ...h,
    clock: { now: () => new Date() },
    cursors: new SqlPullCursorStore(h.database),
    events: new SqlSyncEventLog(h.database),
    reviews,
  };
  const push = await pushPortfolio(deps, h.target);
  assert.deepEqual(push.failed, []);
  /** An edit made by someone in QuickBooks (sparse update of a linked object). */
  const qboEdit = async (
    entityType: string,
    recordId: string,
    fields: Record<string, unknown>,
    operation: "update" | "void" = "update",
  ) => {
    const link = (await h.links.get("org-1", h.realmId, entityType, recordId))!;
    const current = (await h.gateway.read(h.target, entityType, link.qboId))!;
    const out = await h.gateway.writeBatch(h.target, [{
      key: "e",
      entityName: entityType,
      operation,
      payload: {
        Id: link.qboId,
        SyncToken: current.SyncToken,
        ...(operation === "update" ? { sparse: true, ...fields } : {}),
      },
    }], `qbo-user-${crypto.randomUUID().slice(0, 8)}`);
    assert.ok(out.results[0].ok, JSON.stringify(out.results[0]));
    return link;
  };
  return { h, deps, qboEdit };
}

Deno.test("pullChanges brings a customer edit made in QBO back to the tenant, announces voids and QBO payments", async () => {
  const { h, deps, qboEdit } = await setup("quickbooks_wins");
  try {
    const first = await pullChanges(deps, h.target);
    assert.equal(first.events, 0, "the push's own writes are recognised, not reported");

    await qboEdit("Customer", "ten_1_1", { PrimaryEmailAddr: { Address: "jane.new@example.com" } });
    const invoiceLink = await qboEdit("Invoice", "inv:lease_1_2|ten_1_2|2026-01", {}, "void");
    const customer2 = (await h.links.get("org-1", h.realmId, "Customer", "ten_1_3"))!;
    const invoice3 = (await h.links.get("org-1", h.realmId, "Invoice", "inv:lease_1_3|ten_1_3|2026-01"))!;
    const made = await h.gateway.writeBatch(h.target, [{
      key: "p",
      entityName: "Payment",
      operation: "create",
      payload: {
        CustomerRef: { value: customer2.qboId },
        TotalAmt: 50,
        Line: [{ Amount: 50, LinkedTxn: [{ TxnId: invoice3.qboId, TxnType: "Invoice" }] }],
      },
    }], "qbo-user-payment-1");
    assert.ok(made.results[0].ok);

    const pulled = await pullChanges(deps, h.target);
    assert.equal(pulled.tenantsUpdated, 1);
    const tenant = (await h.mirror.get("org-1", "tenant", "ten_1_1"))!;
    assert.equal(tenant.data.email, "jane.new@example.com");
    assert.equal(tenant.version, 2);

    const events = await deps.events.list("org-1", { limit: 50 });
    const byEvent = Object.fromEntries(events.map((e) => [e.event, e]));
    const edited = events.filter((e) => e.event === "quickbooks.edited").map((e) => e.recordIds[0]).sort();
    // Voiding the invoice in QBO also unapplied the payment that paid it: that is reported too.
    assert.deepEqual(edited, ["pay_1_2_01", "ten_1_1"]);
    assert.equal(byEvent["quickbooks.voided"].qboId, invoiceLink.qboId);
    assert.equal(byEvent["quickbooks.voided"].suggestedAction, "review_charges");
    // EstateCore hears its own ids: the charges billed on the invoices, never the sync engine's keys.
    assert.deepEqual(byEvent["quickbooks.payment_entered"].recordIds, ["chg_dep_1_3", "chg_rent_1_3_01"]);
    assert.deepEqual(
      (byEvent["quickbooks.payment_entered"].details.invoices as { charge_ids: string[] }[])[0].charge_ids,
      ["chg_dep_1_3", "chg_rent_1_3_01"],
    );
    assert.deepEqual(byEvent["quickbooks.voided"].recordIds, ["chg_dep_1_2", "chg_rent_1_2_01"]);
    assert.equal(
      (await h.links.get("org-1", h.realmId, "Invoice", "inv:lease_1_2|ten_1_2|2026-01"))!.state,
      "voided",
    );

    // The same facts as outbound events (issue 17), in the pull's unit of work.
    const outbound = await h.outbox.list("org-1", { limit: 50 });
    assert.deepEqual(outbound.map((e) => e.type).sort(), [
      "quickbooks.invoice.voided",
      "quickbooks.payment.received",
      "quickbooks.record.edited",
      "quickbooks.record.edited",
    ]);
    assert.deepEqual(outbound.map((e) => e.seq), [1, 2, 3, 4]);
    const received = outbound.find((e) => e.type === "quickbooks.payment.received")!;
    assert.deepEqual(received.data, {
      realm_id: h.realmId,
      qbo_id: made.results[0].ok ? String(made.results[0].object.Id) : "",
      customer_qbo_id: customer2.qboId,
      tenant_id: "ten_1_3",
      amount_cents: 5_000,
      currency: "USD",
      txn_date: received.data.txn_date,
      link: `/qbo/Payment/${received.data.qbo_id}?realm_id=${h.realmId}`,
    });
    const voided = outbound.find((e) => e.type === "quickbooks.invoice.voided")!;
    assert.deepEqual([voided.data.qbo_id, voided.data.record_type, voided.data.record_id], [
      invoiceLink.qboId,
      "charges",
      "chg_dep_1_2",
    ]);
    const tenantEdit = outbound.find((e) =>
      e.type === "quickbooks.record.edited" && e.data.record_id === "ten_1_1"
    )!;
    assert.deepEqual(tenantEdit.data.fields, ["PrimaryEmailAddr"]);

    const again = await pullChanges(deps, h.target);
    assert.equal(again.events, 0, "the cursor moved: nothing is announced twice");
    assert.equal(await h.outbox.lastSeq("org-1"), 4, "no outbound event twice either");
    const writes = h.calls.writes;
    const push = await pushPortfolio(deps, h.target);
    assert.equal(push.writes, 0, "QBO's edit is not pushed back, and the voided invoice is not resurrected");
    assert.equal(h.calls.writes, writes);
  } finally {
    await h.close();
  }
});

Deno.test("pullChanges under the manual policy queues a conflict for review and the push leaves the record alone", async () => {
  const { h, deps, qboEdit } = await setup("manual");
  try {
    await pullChanges(deps, h.target);
    const tenant = (await h.mirror.get("org-1", "tenant", "ten_1_1"))!;
    await h.mirror.upsertMany("org-1", [{
      recordType: "tenant",
      recordId: "ten_1_1",
      propertyId: "prop_1",
      data: { ...tenant.data, email: "estatecore.side@example.com" },
    }], NOW);
    await qboEdit("Customer", "ten_1_1", { PrimaryEmailAddr: { Address: "quickbooks.side@example.com" } });

    const pulled = await pullChanges(deps, h.target);
    assert.equal(pulled.reviews, 1);
    const [item] = await deps.reviews.list("org-1", { status: "open", limit: 10 });
    assert.equal(item.recordId, "ten_1_1");
    assert.deepEqual(item.conflicts.map((c) => c.path), ["PrimaryEmailAddr.Address"]);
    assert.equal(
      (await h.mirror.get("org-1", "tenant", "ten_1_1"))!.data.email,
      "estatecore.side@example.com",
    );

    await pushPortfolio(deps, h.target);
    const link = (await h.links.get("org-1", h.realmId, "Customer", "ten_1_1"))!;
    const inQbo = (await h.gateway.read(h.target, "Customer", link.qboId))!;
    assert.deepEqual(
      inQbo.PrimaryEmailAddr,
      { Address: "quickbooks.side@example.com" },
      "nothing overwritten while in review",
    );
  } finally {
    await h.close();
  }
});

Deno.test("pullChanges never reports the service's own writes: a deleted tenant's rename to '(deleted)' is no QBO edit", async () => {
  const { h, deps } = await setup("quickbooks_wins");
  try {
    assert.equal((await pullChanges(deps, h.target)).events, 0);
    await h.mirror.markDeleted("org-1", "tenant", "ten_1_1", NOW);
    const push = await pushPortfolio(deps, h.target);
    assert.deepEqual(push.failed, []);
    assert.ok(push.writes >= 1, "the deleted tenant's customer was made inactive");
    const link = (await h.links.get("org-1", h.realmId, "Customer", "ten_1_1"))!;
    const customer = (await h.gateway.read(h.target, "Customer", link.qboId))!;
    assert.match(String(customer.DisplayName), / \(deleted\)$/, "QBO renamed the inactive customer");
    assert.equal(customer.Active, false);

    const pulled = await pullChanges(deps, h.target);
    const events = await deps.events.list("org-1", { limit: 50 });
    assert.deepEqual(
      events.filter((e) => e.event === "quickbooks.edited").map((e) => e.recordIds),
      [],
      `the service's own inactivation came back as: ${JSON.stringify(events)}`,
    );
    assert.equal(pulled.events, 0);
    assert.equal(pulled.reviews, 0);
    assert.equal(pulled.tenantsUpdated, 0);
  } finally {
    await h.close();
  }
});
