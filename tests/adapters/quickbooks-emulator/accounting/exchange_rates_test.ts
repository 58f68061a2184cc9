import assert from "node:assert/strict";
import { REFERENCE_RATES_TO_USD } from "../../../../adapters/quickbooks-emulator/accounting/exchange_rates.ts";
import { accountingHarness, faultOf } from "./accounting_harness.ts";

// The harness clock stands at 2026-03-10T17:00:00Z: 2026-03-10 in the company's Pacific time.

Deno.test("ExchangeRate: GET /exchangerate answers the documented shape, with no Id", async () => {
  const h = accountingHarness({ multiCurrency: true });
  const { status, json } = await h.call("GET", "/exchangerate?sourcecurrencycode=EUR");
  assert.equal(status, 200);
  assert.deepEqual(json.ExchangeRate, {
    SyncToken: "0",
    domain: "QBO",
    AsOfDate: "2026-03-10",
    SourceCurrencyCode: "EUR",
    Rate: REFERENCE_RATES_TO_USD.EUR,
    sparse: false,
    TargetCurrencyCode: "USD",
    MetaData: { LastUpdatedTime: "2026-03-10T10:00:00-07:00" },
  });
  assert.match(json.time, /-07:00$/);
});

Deno.test("ExchangeRate: setting a rate creates it at SyncToken 0, changing it bumps the token", async () => {
  const h = accountingHarness({ multiCurrency: true });
  const set = await h.ok("/exchangerate", {
    SourceCurrencyCode: "INR",
    Rate: 7,
    AsOfDate: "2026-03-08",
    TargetCurrencyCode: "USD",
  });
  assert.deepEqual([set.SyncToken, set.Rate, set.Id], ["0", 7, undefined]);
  const again = await h.ok("/exchangerate?operation=update", {
    SourceCurrencyCode: "INR",
    Rate: 7.5,
    AsOfDate: "2026-03-08",
    SyncToken: "0",
    sparse: true,
  });
  assert.deepEqual([again.SyncToken, again.Rate], ["1", 7.5]);
  const stale = await h.call("POST", "/exchangerate", {
    SourceCurrencyCode: "INR",
    Rate: 8,
    AsOfDate: "2026-03-08",
    SyncToken: "0",
  });
  assert.equal(faultOf(stale.json).code, "5010");
  // A GET answers the latest rate set on or before the date asked.
  const later = await h.call("GET", "/exchangerate?sourcecurrencycode=inr&asofdate=2026-03-09");
  assert.deepEqual([later.json.ExchangeRate.AsOfDate, later.json.ExchangeRate.Rate], ["2026-03-08", 7.5]);
  const same = await h.ok("/exchangerate", {
    SourceCurrencyCode: "CAD",
    TargetCurrencyCode: "CAD",
    Rate: 3,
    AsOfDate: "2026-03-09",
  });
  assert.equal(same.Rate, 1, "a source equal to the target is rate 1");
});

Deno.test("ExchangeRate: queried with select * from exchangerate, filtered by code and date", async () => {
  const h = accountingHarness({ multiCurrency: true });
  await h.ok("/exchangerate", { SourceCurrencyCode: "EUR", Rate: 1.1, AsOfDate: "2026-03-01" });
  const q =
    "select * from exchangerate where sourcecurrencycode in ('EUR', 'INR') and asofdate = '2026-03-01'";
  const { json } = await h.call("GET", `/query?query=${encodeURIComponent(q)}`);
  assert.deepEqual(json.QueryResponse.ExchangeRate.map((r: { Rate: number }) => r.Rate), [1.1]);
  const all = await h.call("GET", `/query?query=${encodeURIComponent("select * from ExchangeRate")}`);
  assert.equal(all.json.QueryResponse.ExchangeRate.length, Object.keys(REFERENCE_RATES_TO_USD).length + 1);
  assert.ok(all.json.QueryResponse.ExchangeRate.every((r: Record<string, unknown>) => !("Id" in r)));
});

Deno.test("ExchangeRate: faults for the home currency, missing fields, bad codes and single-currency companies", async () => {
  const h = accountingHarness({ multiCurrency: true });
  const home = await h.call("POST", "/exchangerate", {
    SourceCurrencyCode: "USD",
    Rate: 2,
    AsOfDate: "2026-03-01",
  });
  assert.equal(faultOf(home.json).code, "6000");
  assert.equal(
    faultOf(
      (await h.call("POST", "/exchangerate", { SourceCurrencyCode: "EUR", AsOfDate: "2026-03-01" })).json,
    ).code,
    "2020",
  );
  assert.equal(
    faultOf(
      (await h.call("POST", "/exchangerate", { SourceCurrencyCode: "EUR", Rate: -1, AsOfDate: "2026-03-01" }))
        .json,
    ).code,
    "2100",
  );
  assert.equal(faultOf((await h.call("GET", "/exchangerate")).json).code, "2020");
  assert.equal(faultOf((await h.call("GET", "/exchangerate?sourcecurrencycode=EURO")).json).code, "2170");
  assert.equal(faultOf((await h.call("GET", "/exchangerate?sourcecurrencycode=XYZ")).json).code, "610");
  assert.equal(
    faultOf((await h.call("GET", "/exchangerate?sourcecurrencycode=EUR&asofdate=March")).json).code,
    "2070",
  );
  const single = accountingHarness();
  const off = await single.call("GET", "/exchangerate?sourcecurrencycode=EUR");
  assert.equal(off.status, 400);
  assert.equal(faultOf(off.json).code, "5030");
});
