import assert from "node:assert/strict";
import fc from "fast-check";
import { applySyncResults, type SyncResult } from "../../../domain/sync/apply_sync_results.ts";
import { ENTITY_TIERS, type SyncEntityType } from "../../../domain/sync/entity_order.ts";
import { fingerprint } from "../../../domain/sync/fingerprint.ts";
import { planSync, type SyncOperation } from "../../../domain/sync/sync_plan.ts";
import type { DesiredRecord, SyncLink } from "../../../domain/sync/sync_record.ts";
import { isDomainError } from "../../../domain/errors.ts";
import { QUICKBOOKS_MAX_BATCH_ITEMS } from "../../../domain/ports/quickbooks_gateway.ts";

const jane: DesiredRecord = {
  recordId: "tenant-jane",
  entityType: "Customer",
  version: 1,
  payload: { DisplayName: "Jane Doe (Maple Ct 4B)", PrimaryEmailAddr: { Address: "jane@example.com" } },
};
const invoice: DesiredRecord = {
  recordId: "charge-may",
  entityType: "Invoice",
  version: 1,
  payload: { CustomerRef: { value: "58" }, TxnDate: "2026-05-01", Line: [{ Amount: 1500 }] },
};
const payment: DesiredRecord = {
  recordId: "pay-1",
  entityType: "Payment",
  version: 1,
  payload: { TotalAmt: 1500 },
};
const rentItem: DesiredRecord = {
  recordId: "item-rent",
  entityType: "Item",
  version: 1,
  payload: { Name: "Rent" },
};

/** Pretends QBO accepted every write: id 'q<recordId>', SyncToken one higher. */
function confirmAll(writes: readonly SyncOperation[]): SyncResult[] {
  return writes.map((op) => ({
    requestId: op.requestId,
    ok: true as const,
    qboId: op.qboId ?? `q-${op.recordId}`,
    syncToken: String(Number(op.syncToken ?? "-1") + 1),
  }));
}

function linkFor(record: DesiredRecord, overrides: Partial<SyncLink> = {}): SyncLink {
  return {
    recordId: record.recordId,
    entityType: record.entityType,
    qboId: `q-${record.recordId}`,
    syncToken: "0",
    fingerprint: fingerprint(record.payload),
    baseSnapshot: record.payload,
    state: "active",
    ...overrides,
  };
}

Deno.test("planSync: creates in dependency order items -> customers -> invoices -> payments", () => {
  const plan = planSync([payment, invoice, jane, rentItem], []);
  assert.deepEqual(plan.writes.map((w) => [w.kind, w.entityType]), [
    ["create", "Item"],
    ["create", "Customer"],
    ["create", "Invoice"],
    ["create", "Payment"],
  ]);
  assert.deepEqual(plan.batches.map((b) => b.items.map((i) => i.operation.entityType)), [
    ["Item"],
    ["Customer"],
    ["Invoice"],
    ["Payment"],
  ]);
  assert.deepEqual(plan.writes[1].body, jane.payload);
});

Deno.test("planSync: an unchanged fingerprint is a skip; a change is a sparse update of the changed fields", () => {
  const changed = {
    ...jane,
    version: 2,
    payload: { ...jane.payload, PrimaryEmailAddr: { Address: "j@new.com" } },
  };
  const plan = planSync([changed, invoice], [linkFor(jane, { syncToken: "3" }), linkFor(invoice)]);
  assert.deepEqual(plan.skips.map((s) => [s.recordId, s.reason]), [["charge-may", "unchanged"]]);
  assert.equal(plan.writes.length, 1);
  const [update] = plan.writes;
  assert.equal(update.kind, "update");
  assert.equal(update.qboId, "q-tenant-jane");
  assert.equal(update.syncToken, "3");
  assert.deepEqual(update.body, { PrimaryEmailAddr: { Address: "j@new.com" } });
  assert.deepEqual(update.snapshot, changed.payload);
});

Deno.test("planSync: removals go first, payments before invoices; names are deactivated, not deleted", () => {
  const plan = planSync(
    [
      { ...invoice, state: "voided" },
      { ...payment, state: "voided" },
      { ...jane, state: "deleted" },
      { ...rentItem, recordId: "item-new" },
      { recordId: "je-1", entityType: "JournalEntry", version: 1, state: "voided", payload: {} },
    ],
    [
      linkFor(invoice),
      linkFor(payment),
      linkFor(jane),
      linkFor({ ...invoice, recordId: "je-1", entityType: "JournalEntry", payload: {} }),
    ],
  );
  assert.deepEqual(plan.writes.map((w) => [w.kind, w.entityType, w.reason]), [
    ["void", "Payment", "void"],
    ["void", "Invoice", "void"],
    ["delete", "JournalEntry", "delete"],
    ["update", "Customer", "deactivate"],
    ["create", "Item", "new"],
  ]);
  assert.deepEqual(plan.writes[3].body, { Active: false });
});

Deno.test("planSync: records removed but never synced, or already removed, are skipped", () => {
  const plan = planSync(
    [{ ...invoice, state: "voided" }, { ...payment, state: "deleted" }, {
      ...invoice,
      recordId: "charge-june",
    }],
    [
      linkFor(payment, { state: "deleted" }),
      linkFor({ ...invoice, recordId: "charge-june" }, { state: "voided" }),
    ],
  );
  assert.deepEqual(plan.writes, []);
  assert.deepEqual(plan.skips.map((s) => s.reason), [
    "never_synced",
    "already_removed",
    "removed_in_quickbooks",
  ]);
});

Deno.test("planSync: a name or list object made inactive is reactivated when its record is active again", () => {
  const deactivated = planSync([{ ...jane, state: "deleted" }], [linkFor(jane)]);
  const links = applySyncResults([linkFor(jane)], deactivated.writes, confirmAll(deactivated.writes));
  assert.equal(links[0].state, "deleted");
  const renamed = [{
    ...links[0],
    baseSnapshot: { ...links[0].baseSnapshot, DisplayName: "Jane Doe (deleted)" },
  }];
  const back = { ...jane, version: 3, payload: { ...jane.payload, Active: true } };

  const plan = planSync([back, { ...rentItem, version: 2 }], [
    ...renamed,
    linkFor(rentItem, { state: "deleted" }),
  ]);
  assert.deepEqual(plan.skips, []);
  assert.deepEqual(plan.writes.map((w) => [w.kind, w.entityType, w.reason, w.resultingState, w.qboId]), [
    ["update", "Item", "reactivate", "active", "q-item-rent"],
    ["update", "Customer", "reactivate", "active", "q-tenant-jane"],
  ]);
  // Only what differs from what QBO holds, and Active: true where the payload does not say it.
  assert.deepEqual(plan.writes[0].body, { Active: true });
  assert.deepEqual(plan.writes[1].body, { Active: true, DisplayName: "Jane Doe (Maple Ct 4B)" });

  // A reactivation goes in its own batch, before the updates of its tier (a sub-customer's update
  // fails while its parent is inactive).
  const bob = { ...jane, recordId: "tenant-bob", payload: { DisplayName: "Bob Roe" } };
  const mixed = planSync([{ ...bob, version: 2, payload: { DisplayName: "Bob Roe Jr" } }, back], [
    ...renamed,
    linkFor(bob),
  ]);
  assert.deepEqual(mixed.batches.map((b) => b.items.map((i) => [i.operation.recordId, i.operation.reason])), [
    [["tenant-jane", "reactivate"]],
    [["tenant-bob", "changed"]],
  ]);

  const after = applySyncResults(renamed, plan.writes, confirmAll(plan.writes));
  assert.equal(after.find((l) => l.entityType === "Customer")!.state, "active");
  assert.deepEqual(planSync([back], after).writes, [], "reactivated once, then in sync");
});

Deno.test("planSync: chunks into batches of the configured size, each bId unique and short", () => {
  const customers = Array.from(
    { length: 65 },
    (_, i) => ({ ...jane, recordId: `t${String(i).padStart(3, "0")}` }),
  );
  assert.equal(QUICKBOOKS_MAX_BATCH_ITEMS, 30, "QBO's limit, the gateway's contract");
  assert.deepEqual(planSync(customers, []).batches.map((b) => b.items.length), [30, 30, 5]);
  const plan = planSync(customers, [], { batchSize: 10 });
  assert.equal(plan.batches.length, 7);
  for (const batch of plan.batches) {
    assert.equal(new Set(batch.items.map((i) => i.bId)).size, batch.items.length);
    assert.ok(batch.items.every((i) => i.bId.length <= 10));
    assert.ok(batch.requestId.length <= 36);
  }
});

Deno.test("planSync: rejects a batch size over 30, duplicates and unknown entity types", () => {
  const failsWith = (fn: () => unknown) =>
    assert.throws(fn, (e: unknown) => isDomainError(e) && e.code === "VALIDATION_FAILED");
  failsWith(() => planSync([jane], [], { batchSize: QUICKBOOKS_MAX_BATCH_ITEMS + 1 }));
  failsWith(() => planSync([jane], [], { batchSize: 0 }));
  failsWith(() => planSync([jane, jane], []));
  failsWith(() => planSync([{ ...jane, entityType: "Spaceship" as SyncEntityType }], []));
});

const entityTypes = Object.keys(ENTITY_TIERS) as SyncEntityType[];
const desiredArb = fc.uniqueArray(
  fc.record({
    recordId: fc.string({ minLength: 1, maxLength: 6 }),
    entityType: fc.constantFrom(...entityTypes),
    version: fc.nat(5),
    state: fc.constantFrom("active" as const, "active" as const, "voided" as const, "deleted" as const),
    payload: fc.dictionary(fc.constantFrom("Name", "Amount", "Line", "TxnDate", "Active"), fc.jsonValue(), {
      maxKeys: 4,
    }),
  }),
  { selector: (r) => `${r.entityType}/${r.recordId}`, maxLength: 40 },
);

Deno.test("planSync: planning twice plans the same; after applying the results it plans nothing (property)", () => {
  fc.assert(
    fc.property(desiredArb, desiredArb, fc.integer({ min: 1, max: 30 }), (previous, desired, batchSize) => {
      // Links from an arbitrary earlier sync, so updates, removals and skips all occur.
      const first = planSync(previous.map((r) => ({ ...r, state: "active" as const })), [], { batchSize });
      const links = applySyncResults([], first.writes, confirmAll(first.writes));
      const plan = planSync(desired, links, { batchSize });
      assert.deepEqual(planSync(desired, links, { batchSize }), plan);
      const tiersInOrder = plan.writes.map((w) => (w.resultingState === "active" ? 10 + w.tier : 3 - w.tier));
      assert.deepEqual(tiersInOrder, [...tiersInOrder].sort((a, b) => a - b));
      assert.equal(plan.batches.flatMap((b) => b.items).length, plan.writes.length);
      assert.ok(
        plan.batches.every((b) =>
          b.items.length <= batchSize && b.items.every((i) => i.operation.tier === b.tier)
        ),
      );
      const after = applySyncResults(links, plan.writes, confirmAll(plan.writes));
      assert.deepEqual(planSync(desired, after, { batchSize }).writes, []);
    }),
    { numRuns: 150 },
  );
});
