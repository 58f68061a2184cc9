import { Hono } from "hono";
import {
  createAccountingApi,
  createCompanyStore,
} from "../../adapters/quickbooks-emulator/accounting/mod.ts";

/**
 * Throughput of the emulator's accounting core through Hono, in process (no sockets): the brief
 * asks for several thousand simple requests per second. Run with
 * `deno bench --allow-all tests/bench/emulator_accounting_bench.ts`.
 */
const clock = { now: () => new Date() };
const companies = createCompanyStore({ clock });
const { realmId } = companies.createCompany({ companyName: "Bench Co" });
const app = new Hono().route("/v3/company/:realmId", createAccountingApi({ companies, clock }));
const base = `/v3/company/${realmId}`;
let n = 0;

const seeded = await app.request(`${base}/customer`, {
  method: "POST",
  body: JSON.stringify({ DisplayName: "Seed" }),
});
const seedId = (await seeded.json()).Customer.Id;
for (let i = 0; i < 2000; i++) {
  await app.request(`${base}/invoice`, {
    method: "POST",
    body: JSON.stringify({
      CustomerRef: { value: seedId },
      Line: [{
        Amount: 100,
        DetailType: "SalesItemLineDetail",
        SalesItemLineDetail: { ItemRef: { value: "2" } },
      }],
    }),
  });
}

Deno.bench("accounting api: create customer", async () => {
  const res = await app.request(`${base}/customer`, {
    method: "POST",
    body: JSON.stringify({ DisplayName: `Bench ${n++}` }),
  });
  await res.arrayBuffer();
});

Deno.bench("accounting api: read customer by id", async () => {
  const res = await app.request(`${base}/customer/${seedId}`);
  await res.arrayBuffer();
});

Deno.bench("accounting api: create invoice (2000 already on the books)", async () => {
  const res = await app.request(`${base}/invoice`, {
    method: "POST",
    body: JSON.stringify({
      CustomerRef: { value: seedId },
      Line: [{
        Amount: 100,
        DetailType: "SalesItemLineDetail",
        SalesItemLineDetail: { ItemRef: { value: "2" } },
      }],
    }),
  });
  await res.arrayBuffer();
});
