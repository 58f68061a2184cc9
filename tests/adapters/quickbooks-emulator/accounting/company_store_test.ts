import assert from "node:assert/strict";
import { Hono } from "hono";
import {
  createAccountingApi,
  createCompanyStore,
  ledgerView,
} from "../../../../adapters/quickbooks-emulator/accounting/mod.ts";
import { accountingHarness, rentLine, TestClock } from "./accounting_harness.ts";

Deno.test("CompanyStore.createCompany: QBO-like realm ids and a default chart of accounts", () => {
  const companies = createCompanyStore({ clock: new TestClock() });
  const a = companies.createCompany({ companyName: "First" });
  const b = companies.createCompany({ companyName: "Second", realmId: "123145678901234" });
  assert.match(a.realmId, /^9341452\d{9}$/);
  assert.equal(b.realmId, "123145678901234");
  assert.deepEqual(companies.listCompanies(), [a, b]);
  assert.equal(companies.hasRealm(a.realmId), true);
  assert.equal(companies.hasRealm("1"), false);
  assert.throws(() => companies.createCompany({ companyName: "Dup", realmId: b.realmId }), RangeError);
  const accounts = ledgerView(companies, a.realmId)!.accounts;
  const byName = new Map(accounts.map((x) => [x.name, x]));
  for (
    const [name, type] of [
      ["Accounts Receivable (A/R)", "Accounts Receivable"],
      ["Undeposited Funds", "Other Current Asset"],
      ["Checking", "Bank"],
      ["Accounts Payable (A/P)", "Accounts Payable"],
      ["Opening Balance Equity", "Equity"],
      ["Retained Earnings", "Equity"],
      ["Rental Income", "Income"],
      ["Late Fee Income", "Income"],
      ["Security Deposits Liability", "Other Current Liability"],
      ["Repairs and Maintenance", "Expense"],
      ["Utilities", "Expense"],
      ["Insurance", "Expense"],
    ]
  ) assert.equal(byName.get(name)?.accountType, type, name);
});

Deno.test("CompanyStore.snapshot/restore: objects, balances, links, counters and tombstones survive", async () => {
  const h = accountingHarness();
  const customer = await h.ok("/customer", { DisplayName: "Persisted" });
  const inv = await h.ok("/invoice", { CustomerRef: { value: customer.Id }, Line: [rentLine(500)] });
  await h.ok("/payment", {
    CustomerRef: { value: customer.Id },
    TotalAmt: 200,
    Line: [{ Amount: 200, LinkedTxn: [{ TxnId: inv.Id, TxnType: "Invoice" }] }],
  });
  const gone = await h.ok("/invoice", { CustomerRef: { value: customer.Id }, Line: [rentLine(1)] });
  await h.ok("/invoice?operation=delete", { Id: gone.Id, SyncToken: "0" });
  const snapshot = JSON.parse(JSON.stringify(h.companies.snapshot()));

  const clock = new TestClock();
  const restored = createCompanyStore({ clock });
  restored.restore(snapshot);
  const app = new Hono().route("/v3/company/:realmId", createAccountingApi({ companies: restored, clock }));
  const get = async (path: string) => (await (await app.request(`/v3/company/${h.realmId}${path}`)).json());
  assert.equal((await get(`/invoice/${inv.Id}`)).Invoice.Balance, 300);
  assert.equal((await get(`/customer/${customer.Id}`)).Customer.Balance, 300);
  assert.equal((await get(`/invoice/${gone.Id}`)).Fault.Error[0].code, "610");
  const next = await app.request(`/v3/company/${h.realmId}/invoice`, {
    method: "POST",
    body: JSON.stringify({ CustomerRef: { value: customer.Id }, Line: [rentLine(1)] }),
  });
  const created = (await next.json()).Invoice;
  assert.equal(Number(created.Id), Number(gone.Id) + 1);
  assert.equal(created.DocNumber, "1003");
  const dup = await app.request(`/v3/company/${h.realmId}/customer`, {
    method: "POST",
    body: JSON.stringify({ DisplayName: "Persisted" }),
  });
  assert.equal(dup.status, 400);
});

Deno.test("createCompanyStore: state is saved to and reloaded from its file", async () => {
  const dir = await Deno.makeTempDir();
  const filePath = `${dir}/qbo.json`;
  try {
    const clock = new TestClock();
    const first = createCompanyStore({ clock, filePath });
    const { realmId } = first.createCompany({ companyName: "On Disk" });
    first.operations(realmId)!.create("Customer", { DisplayName: "Saved Tenant" });
    first.close();
    const second = createCompanyStore({ clock, filePath });
    assert.deepEqual(second.listCompanies(), [{ realmId, companyName: "On Disk" }]);
    assert.equal(second.operations(realmId)!.rows("Customer")[0].DisplayName, "Saved Tenant");
    second.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
