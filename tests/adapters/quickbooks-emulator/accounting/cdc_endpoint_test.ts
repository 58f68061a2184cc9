import assert from "node:assert/strict";
import { accountingHarness, faultOf, rentLine } from "./accounting_harness.ts";

Deno.test("answerCdc: changed objects by LastUpdatedTime, deleted ones after them", async () => {
  const h = accountingHarness();
  const before = h.clock.now().toISOString();
  h.clock.advance(60);
  const c1 = await h.ok("/customer", { DisplayName: "First" });
  h.clock.advance(60);
  const c2 = await h.ok("/customer", { DisplayName: "Second" });
  h.clock.advance(60);
  await h.ok("/customer", { Id: c1.Id, SyncToken: "0", sparse: true, Notes: "touched" });
  const inv = await h.ok("/invoice", { CustomerRef: { value: c2.Id }, Line: [rentLine(10)] });
  const inv2 = await h.ok("/invoice", { CustomerRef: { value: c2.Id }, Line: [rentLine(20)] });
  h.clock.advance(60);
  await h.ok("/invoice?operation=delete", { Id: inv.Id, SyncToken: "0" });
  const res = await h.call(
    "GET",
    `/cdc?entities=Customer,Invoice,Vendor&changedSince=${encodeURIComponent(before)}`,
  );
  assert.equal(res.status, 200);
  const [customers, invoices, vendors] = res.json.CDCResponse[0].QueryResponse;
  assert.deepEqual(customers.Customer.map((c: { Id: string }) => c.Id), [c2.Id, c1.Id]);
  assert.equal(customers.startPosition, 1);
  assert.equal(customers.maxResults, 2);
  assert.equal(invoices.Invoice.length, 2);
  assert.equal(invoices.Invoice[0].Id, inv2.Id);
  assert.deepEqual(Object.keys(invoices.Invoice[1]).sort(), ["Id", "MetaData", "domain", "status"]);
  assert.equal(invoices.Invoice[1].status, "Deleted");
  assert.equal(invoices.Invoice[1].Id, inv.Id);
  assert.deepEqual(vendors, {});
});

Deno.test("answerCdc: only changes at or after changedSince; older than 30 days is fault 2070", async () => {
  const h = accountingHarness();
  await h.ok("/customer", { DisplayName: "Old" });
  h.clock.advance(3600);
  const since = h.clock.now().toISOString();
  h.clock.advance(1);
  await h.ok("/customer", { DisplayName: "New" });
  const res = await h.call("GET", `/cdc?entities=customer&changedSince=${encodeURIComponent(since)}`);
  assert.deepEqual(
    res.json.CDCResponse[0].QueryResponse[0].Customer.map((c: { DisplayName: string }) => c.DisplayName),
    ["New"],
  );
  const old = await h.call("GET", "/cdc?entities=Customer&changedSince=2026-01-01");
  assert.equal(old.status, 400);
  assert.equal(faultOf(old.json).code, "2070");
  assert.equal(
    faultOf((await h.call("GET", `/cdc?changedSince=${encodeURIComponent(since)}`)).json).code,
    "2020",
  );
});

Deno.test("answerCdc: an unencoded + in the offset of changedSince is understood", async () => {
  const h = accountingHarness();
  await h.ok("/customer", { DisplayName: "Plus" });
  const res = await h.call("GET", "/cdc?entities=Customer&changedSince=2026-03-10T09:00:00+00:00");
  assert.equal(res.status, 200);
  assert.equal(res.json.CDCResponse[0].QueryResponse[0].Customer.length, 1);
});
