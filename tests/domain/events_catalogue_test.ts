import assert from "node:assert/strict";
import { EVENT_CATALOGUE, EVENT_TYPES, isEventType } from "../../domain/events/catalogue.ts";
import { outboxEmitter } from "../../domain/events/emit_event.ts";
import type { NewOutboundEvent } from "../../domain/ports/event_outbox.ts";

Deno.test("the event catalogue names every type issue 17 lists, each with a described payload schema", () => {
  const required = [
    "connection.connected",
    "connection.needs_reauthorization",
    "connection.disconnected",
    "sync.run.completed",
    "sync.run.failed",
    "sync.record.failed",
    "quickbooks.payment.received",
    "quickbooks.invoice.voided",
    "quickbooks.record.edited",
    "quickbooks.record.deleted",
    "review.created",
    "review.resolved",
    "reconciliation.completed",
    "reconciliation.discrepancy_found",
    "automation.run.completed",
    "automation.run.failed",
    "health.status_changed",
    "webhook_endpoint.disabled",
  ];
  assert.deepEqual(required.filter((t) => !isEventType(t)), []);
  for (const type of EVENT_TYPES) {
    assert.ok(EVENT_CATALOGUE[type].description, `${type} is described`);
    assert.ok("link" in EVENT_CATALOGUE[type].shape, `${type} links to its resource`);
  }
  assert.equal(isEventType("toString"), false);
});

Deno.test("outboxEmitter appends a checked payload and refuses one that breaks its schema", async () => {
  const appended: NewOutboundEvent[] = [];
  const emit = outboxEmitter({
    append: (e) => (appended.push(e), Promise.resolve({ ...e, id: "evt_1", seq: 1 })),
  });
  await emit("org-1", "connection.disconnected", {
    realm_id: "9341",
    revoked_at_intuit: true,
    link: "/status",
  }, "2026-06-01T12:00:00.000Z");
  assert.deepEqual(appended, [{
    orgId: "org-1",
    type: "connection.disconnected",
    occurredAt: "2026-06-01T12:00:00.000Z",
    data: { realm_id: "9341", revoked_at_intuit: true, link: "/status" },
  }]);
  await assert.rejects(
    emit("org-1", "connection.disconnected", { realm_id: "9341" } as never, "2026-06-01T12:00:00.000Z"),
  );
  assert.equal(appended.length, 1);
});
