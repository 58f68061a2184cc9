import assert from "node:assert/strict";
import { Hono } from "hono";
import {
  createAccountingApi,
  createCompanyStore,
} from "../../../../adapters/quickbooks-emulator/accounting/mod.ts";
import { accountingHarness, faultOf, TestClock } from "./accounting_harness.ts";

Deno.test("createAccountingApi: a repeated requestid answers the first response and creates once", async () => {
  const h = accountingHarness();
  const first = await h.call("POST", "/customer?requestid=abc-123", { DisplayName: "Once Only" });
  h.clock.advance(5);
  const second = await h.call("POST", "/customer?requestid=abc-123", { DisplayName: "Once Only" });
  assert.equal(second.status, 200);
  assert.deepEqual(second.json, first.json);
  const count = await h.call("GET", `/query?query=${encodeURIComponent("select count(*) from Customer")}`);
  assert.equal(count.json.QueryResponse.totalCount, 1);
  assert.equal(h.events.length, 1);
  const other = await h.call("POST", "/customer?requestid=abc-124", { DisplayName: "Once Only" });
  assert.equal(faultOf(other.json).code, "6240");
});

Deno.test("createAccountingApi: a requestid longer than 50 characters is fault 2130", async () => {
  const h = accountingHarness();
  const res = await h.call("POST", `/customer?requestid=${"x".repeat(51)}`, { DisplayName: "Long Id" });
  assert.equal(res.status, 400);
  assert.equal(faultOf(res.json).code, "2130");
});

Deno.test("createAccountingApi: entity paths match in any case; minorversion is accepted", async () => {
  const h = accountingHarness();
  const c = await h.ok("/Customer?minorversion=4", { DisplayName: "Case Test" });
  const read = await h.call("GET", `/CUSTOMER/${c.Id}?minorversion=75`);
  assert.equal(read.status, 200);
  assert.equal(read.json.Customer.DisplayName, "Case Test");
  assert.match(read.json.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-07:00$/);
});

Deno.test("createAccountingApi: unknown paths are 500 Unsupported Operation; unknown realms a 403 fault", async () => {
  const h = accountingHarness();
  const res = await h.call("GET", "/customer/1/5");
  assert.equal(res.status, 400);
  assert.equal(faultOf(res.json).code, "500");
  assert.equal(faultOf(res.json).Message, "Unsupported Operation");
  assert.equal(faultOf((await h.call("POST", "/widget", { Name: "x" })).json).code, "500");
  const other = await h.app.request("/v3/company/123/customer/1");
  assert.equal(other.status, 403);
  assert.equal(faultOf(await other.json()).type, "AuthorizationFault");
});

Deno.test("createAccountingApi: malformed JSON is a ValidationFault, not a crash", async () => {
  const h = accountingHarness();
  const res = await h.call("POST", "/customer", "{not json");
  assert.equal(res.status, 400);
  assert.equal(faultOf(res.json).code, "2010");
  assert.equal(faultOf((await h.call("POST", "/customer", "[1,2]")).json).code, "2010");
});

Deno.test("createAccountingApi: POST /query with application/text, empty results and query faults", async () => {
  const h = accountingHarness();
  await h.ok("/customer", { DisplayName: "Amy's Bird Sanctuary" });
  const res = await h.call(
    "POST",
    "/query",
    "select * from Customer where DisplayName = 'Amy\\'s Bird Sanctuary'",
    {
      "content-type": "application/text",
    },
  );
  assert.equal(res.status, 200);
  assert.equal(res.json.QueryResponse.Customer.length, 1);
  assert.equal(res.json.QueryResponse.startPosition, 1);
  assert.equal(res.json.QueryResponse.maxResults, 1);
  const empty = await h.call("GET", `/query?query=${encodeURIComponent("select * from Invoice")}`);
  assert.deepEqual(empty.json.QueryResponse, {});
  const bad = await h.call("GET", `/query?query=${encodeURIComponent("SELECT * FROM Custmoer")}`);
  assert.equal(bad.status, 400);
  assert.deepEqual([faultOf(bad.json).code, faultOf(bad.json).type], ["4001", "ValidationFault"]);
  assert.equal(faultOf(bad.json).Detail, "QueryValidationError: invalid context declaration: Custmoer");
});

Deno.test("createAccountingApi: queries hide inactive list objects unless Active is constrained", async () => {
  const h = accountingHarness();
  const v = await h.ok("/vendor", { DisplayName: "Gone Vendor" });
  await h.ok("/vendor", { DisplayName: "Here Vendor" });
  await h.ok("/vendor", { Id: v.Id, SyncToken: v.SyncToken, sparse: true, Active: false });
  const active = await h.call("GET", `/query?query=${encodeURIComponent("select * from Vendor")}`);
  assert.equal(active.json.QueryResponse.Vendor.length, 1);
  const all = await h.call(
    "GET",
    `/query?query=${encodeURIComponent("select * from Vendor where Active in (true, false)")}`,
  );
  assert.equal(all.json.QueryResponse.Vendor.length, 2);
});

Deno.test("createAccountingApi: CompanyInfo by realm id, Preferences read and full update", async () => {
  const h = accountingHarness({ companyName: "Tracked Co", classTracking: true, locationTracking: true });
  const info = await h.get(`/companyinfo/${h.realmId}`);
  assert.equal(info.CompanyName, "Tracked Co");
  assert.equal(info.Country, "US");
  assert.ok(Array.isArray(info.NameValue));
  const viaQuery = await h.call("GET", `/query?query=${encodeURIComponent("select * from CompanyInfo")}`);
  assert.equal(viaQuery.json.QueryResponse.CompanyInfo[0].CompanyName, "Tracked Co");
  const prefs = await h.get("/preferences");
  assert.equal(prefs.AccountingInfoPrefs.TrackDepartments, true);
  assert.equal(prefs.AccountingInfoPrefs.DepartmentTerminology, "Location");
  assert.equal(prefs.AccountingInfoPrefs.ClassTrackingPerTxnLine, true);
  const updated = await h.ok("/preferences", {
    Id: prefs.Id,
    SyncToken: prefs.SyncToken,
    AccountingInfoPrefs: { ...prefs.AccountingInfoPrefs, TrackDepartments: false },
  });
  assert.equal(updated.AccountingInfoPrefs.TrackDepartments, false);
  assert.equal(updated.SalesFormsPrefs, undefined);
  assert.equal(updated.SyncToken, "1");
  const stale = await h.call("POST", "/preferences", { Id: "1", SyncToken: "0", AccountingInfoPrefs: {} });
  assert.equal(faultOf(stale.json).code, "5010");
});

Deno.test("createAccountingApi: several realms are independent", async () => {
  const clock = new TestClock();
  const companies = createCompanyStore({ clock });
  const a = companies.createCompany({ companyName: "A" });
  const b = companies.createCompany({ companyName: "B" });
  const app = new Hono().route("/v3/company/:realmId", createAccountingApi({ companies, clock }));
  const post = (realm: string) =>
    app.request(`/v3/company/${realm}/customer`, {
      method: "POST",
      body: JSON.stringify({ DisplayName: "Same Name" }),
    });
  assert.equal((await post(a.realmId)).status, 200);
  assert.equal((await post(b.realmId)).status, 200);
  assert.equal((await post(a.realmId)).status, 400);
});
