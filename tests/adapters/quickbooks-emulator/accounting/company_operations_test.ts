import assert from "node:assert/strict";
import { accountingHarness, faultOf, rentLine } from "./accounting_harness.ts";

Deno.test("CompanyOperations.update: full update bumps SyncToken and LastUpdatedTime, drops omitted fields", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", { DisplayName: "Doe2, Jane", Notes: "old" });
  h.clock.advance(60);
  const u = await h.ok("/customer?minorversion=8", {
    DisplayName: "Jack Moe",
    PrimaryPhone: { FreeFormNumber: "(415) 444-1234" },
    Id: c.Id,
    SyncToken: "0",
  });
  assert.equal(u.SyncToken, "1");
  assert.equal(u.DisplayName, "Jack Moe");
  assert.equal(u.PrintOnCheckName, "Jack Moe");
  assert.equal(u.Notes, undefined);
  assert.equal(u.MetaData.CreateTime, c.MetaData.CreateTime);
  assert.notEqual(u.MetaData.LastUpdatedTime, c.MetaData.LastUpdatedTime);
  assert.equal(h.events.at(-1)?.operation, "Update");
});

Deno.test("CompanyOperations.update: sparse update keeps fields not sent; ?operation=update accepted", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", { DisplayName: "Keep Me", Notes: "kept" });
  const u = await h.ok("/customer?operation=update", {
    Id: c.Id,
    SyncToken: "0",
    sparse: true,
    CompanyName: "KM LLC",
  });
  assert.equal(u.Notes, "kept");
  assert.equal(u.CompanyName, "KM LLC");
});

Deno.test("CompanyOperations.update: a stale SyncToken is 5010 Stale Object Error", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", { DisplayName: "Racer" });
  await h.ok("/customer", { Id: c.Id, SyncToken: "0", sparse: true, Notes: "first" });
  const res = await h.call("POST", "/customer", { Id: c.Id, SyncToken: "0", sparse: true, Notes: "second" });
  assert.equal(res.status, 400);
  const fault = faultOf(res.json);
  assert.equal(fault.code, "5010");
  assert.equal(fault.Message, "Stale Object Error");
  assert.match(fault.Detail, /^Stale Object Error : You and .* were working on this at the same time/);
});

Deno.test("CompanyOperations.update: Id without SyncToken is 2020; unknown Id is 610", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", { DisplayName: "Tokenless" });
  const noToken = faultOf((await h.call("POST", "/customer", { Id: c.Id, DisplayName: "T2" })).json);
  assert.equal(noToken.code, "2020");
  assert.equal(noToken.element, "SyncToken");
  assert.equal(
    faultOf((await h.call("POST", "/customer", { Id: "4242", SyncToken: "0", DisplayName: "Ghost" })).json)
      .code,
    "610",
  );
});

Deno.test("CompanyOperations.create: read-only fields sent by the client are ignored", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", {
    DisplayName: "Readonly",
    Balance: 999,
    FullyQualifiedName: "Other:Name",
    SyncToken: "9",
    MetaData: { CreateTime: "x" },
  });
  assert.equal(c.Balance, 0);
  assert.equal(c.FullyQualifiedName, "Readonly");
  assert.equal(c.SyncToken, "0");
  assert.notEqual(c.MetaData.CreateTime, "x");
});

Deno.test("CompanyOperations.create: an unknown property is fault 2010 in Jackson's wording", async () => {
  const h = accountingHarness();
  const res = await h.call("POST", "/invoice", { BadJson: true });
  assert.equal(res.status, 400);
  const fault = faultOf(res.json);
  assert.equal(fault.code, "2010");
  assert.equal(fault.Message, "Request has invalid or unsupported property");
  assert.match(
    fault.Detail,
    /^Property Name:Unrecognized field "BadJson" \(class com\.intuit\.schema\.finance\.v3\.Invoice\)/,
  );
});

Deno.test("CompanyOperations.read: ids must be numeric (2030) and exist (610)", async () => {
  const h = accountingHarness();
  const bad = await h.call("GET", "/customer/1.5");
  assert.equal(bad.status, 400);
  assert.deepEqual(faultOf(bad.json), {
    Message: "Invalid ID",
    Detail: "Id should be a valid number. Supplied value:1.5",
    code: "2030",
    element: "Id",
    type: "ValidationFault",
  });
  assert.equal(faultOf((await h.call("GET", "/customer/987")).json).code, "610");
});

Deno.test("CompanyOperations.delete: transactions are deleted with QBO's short answer and leave a tombstone", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", { DisplayName: "Deleter" });
  const inv = await h.ok("/invoice", { CustomerRef: { value: c.Id }, Line: [rentLine(100)] });
  const res = await h.call("POST", "/invoice?operation=delete", { Id: inv.Id, SyncToken: "0" });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.Invoice, { status: "Deleted", domain: "QBO", Id: inv.Id });
  assert.equal(typeof res.json.time, "string");
  const again = faultOf((await h.call("GET", `/invoice/${inv.Id}`)).json);
  assert.equal(again.code, "610");
  assert.match(again.Detail, /deleted/);
  assert.equal((await h.get(`/customer/${c.Id}`)).Balance, 0);
  assert.equal(h.events.at(-1)?.operation, "Delete");
});

Deno.test("CompanyOperations.delete: name lists cannot be hard-deleted", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", { DisplayName: "Permanent" });
  const res = await h.call("POST", "/customer?operation=delete", { Id: c.Id, SyncToken: "0" });
  assert.equal(res.status, 400);
  assert.equal(faultOf(res.json).code, "500");
});

Deno.test("CompanyOperations: every write emits a ChangeEvent with realm, entity, id and operation", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", { DisplayName: "Evented" });
  const inv = await h.ok("/invoice", { CustomerRef: { value: c.Id }, Line: [rentLine(50)] });
  await h.ok("/invoice?operation=void", { Id: inv.Id, SyncToken: inv.SyncToken });
  assert.deepEqual(
    h.events.map((e) => [e.realmId, e.entityName, e.id, e.operation]),
    [[h.realmId, "Customer", c.Id, "Create"], [h.realmId, "Invoice", inv.Id, "Create"], [
      h.realmId,
      "Invoice",
      inv.Id,
      "Void",
    ]],
  );
  assert.equal(h.events[0].lastUpdated, h.clock.now().toISOString());
});

Deno.test("CompanyOperations.delete: a voided transaction can still be deleted, but not edited", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", { DisplayName: "Void Then Delete" });
  const inv = await h.ok("/invoice", { CustomerRef: { value: c.Id }, Line: [rentLine(20)] });
  const voided = await h.ok("/invoice?operation=void", { Id: inv.Id, SyncToken: inv.SyncToken });
  const edit = await h.call("POST", "/invoice", { Id: inv.Id, SyncToken: voided.SyncToken, sparse: true, PrivateNote: "x" });
  assert.equal(faultOf(edit.json).code, "6000");
  const del = await h.call("POST", "/invoice?operation=delete", { Id: inv.Id, SyncToken: voided.SyncToken });
  assert.equal(del.status, 200);
  assert.equal(del.json.Invoice.status, "Deleted");
});
