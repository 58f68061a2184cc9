import assert from "node:assert/strict";
import { accountingHarness, faultOf, rentLine } from "./accounting_harness.ts";

Deno.test("answerReport: ProfitAndLoss is built from the company's postings and sent without time", async () => {
  const h = accountingHarness({ companyName: "Report Co" });
  const customer = await h.ok("/customer", { DisplayName: "Reporter" });
  await h.ok("/invoice", {
    CustomerRef: { value: customer.Id },
    TxnDate: "2026-03-01",
    Line: [rentLine(1500)],
  });
  const res = await h.call("GET", "/reports/ProfitAndLoss?start_date=2026-03-01&end_date=2026-03-31");
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.json).sort(), ["Columns", "Header", "Rows"]);
  assert.equal(res.json.Header.ReportName, "ProfitAndLoss");
  assert.match(JSON.stringify(res.json.Rows), /Rental Income/);
  assert.match(JSON.stringify(res.json.Rows), /1500\.00/);
});

Deno.test("answerReport: AgedReceivables lists open invoices; unknown reports are faults", async () => {
  const h = accountingHarness();
  const customer = await h.ok("/customer", { DisplayName: "Late Payer" });
  await h.ok("/invoice", {
    CustomerRef: { value: customer.Id },
    TxnDate: "2026-01-01",
    Line: [rentLine(800)],
  });
  const aged = await h.call("GET", "/reports/AgedReceivables");
  assert.equal(aged.status, 200);
  assert.match(JSON.stringify(aged.json.Rows), /Late Payer/);
  const unknown = await h.call("GET", "/reports/NoSuchReport");
  assert.equal(unknown.status, 400);
  assert.equal(faultOf(unknown.json).type, "ValidationFault");
  assert.equal(faultOf(unknown.json).code, "2000");
});
