import assert from "node:assert/strict";
import { accountingHarness, faultOf } from "./accounting_harness.ts";

function query(h: ReturnType<typeof accountingHarness>, text: string) {
  return h.call("GET", `/query?query=${encodeURIComponent(text)}`);
}

Deno.test("answerQuery: a select list returns only those properties, Id and sparse: true", async () => {
  const h = accountingHarness();
  const { status, json } = await query(
    h,
    "select Id, Name from Account where AccountType = 'Bank' orderby Name",
  );
  assert.equal(status, 200);
  const rows = json.QueryResponse.Account;
  assert.deepEqual(rows.map((r: { Name: string }) => r.Name), ["Checking", "Savings"]);
  assert.deepEqual(rows[0], { Id: h.idOf("Account", "Checking"), Name: "Checking", sparse: true });
  assert.equal(json.QueryResponse.startPosition, 1);
  assert.equal(json.QueryResponse.maxResults, 2);
});

Deno.test("answerQuery: projected names are case-insensitive and come back in QBO's spelling", async () => {
  const h = accountingHarness();
  const c = await h.ok("/customer", {
    DisplayName: "Proj Tenant",
    PrimaryEmailAddr: { Address: "p@example.com" },
  });
  const { json } = await query(h, "SELECT displayname, primaryemailaddr FROM customer");
  assert.deepEqual(json.QueryResponse.Customer, [{
    DisplayName: "Proj Tenant",
    PrimaryEmailAddr: { Address: "p@example.com" },
    Id: c.Id,
    sparse: true,
  }]);
});

Deno.test("answerQuery: an unknown or unselectable property is QBO's 4001 naming it", async () => {
  const h = accountingHarness();
  const unknown = await query(h, "select Id, Colour from Account");
  assert.equal(unknown.status, 400);
  assert.deepEqual(faultOf(unknown.json), {
    Message: "Invalid query",
    Detail: "QueryValidationError: Property Colour not found for Entity Account",
    code: "4001",
    element: "",
    type: "ValidationFault",
  });
  const address = await query(h, "select Id, BillAddr from Customer");
  assert.equal(
    faultOf(address.json).Detail,
    "QueryValidationError: Property BillAddr not found for Entity Customer",
  );
});

Deno.test("answerQuery: COUNT(*) answers totalCount only, with the same filters as SELECT *", async () => {
  const h = accountingHarness();
  const all = await query(h, "select * from Account where Classification = 'Expense'");
  const count = await query(h, "select count(*) from Account where Classification = 'Expense'");
  assert.deepEqual(count.json.QueryResponse, { totalCount: all.json.QueryResponse.Account.length });
  assert.deepEqual((await query(h, "SELECT COUNT(*) FROM Invoice")).json.QueryResponse, { totalCount: 0 });
});
