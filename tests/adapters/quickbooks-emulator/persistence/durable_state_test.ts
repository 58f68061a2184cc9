/**
 * The emulator with a data file never answers a write it could lose: the files as they are the
 * moment an answer arrives (what kill -9 leaves behind, taken here as a copy of the data directory)
 * bring back every answered object, SyncToken, deletion, void, balance, requestid answer, token and
 * id counter. The journal is folded into the snapshot from time to time without replaying twice.
 */
import assert from "node:assert/strict";
import { createCompanyStore, journalPath } from "../../../../adapters/quickbooks-emulator/accounting/mod.ts";
import { createEmulator, type Emulator } from "../../../../adapters/quickbooks-emulator/emulator.ts";
import { connectRealm, type Fetcher, type Json, v3, v3Ok } from "../../../support/emulator_http.ts";
import { rentLine, TestClock } from "../accounting/accounting_harness.ts";

const CLOCK = { mode: "frozen" as const, start: "2026-04-01T16:00:00Z" };

/** What a crash right now would leave: a copy of every file of the data directory. */
function crashCopy(dir: string, into: string): void {
  Deno.mkdirSync(into, { recursive: true });
  for (const entry of Deno.readDirSync(dir)) {
    if (entry.isFile) Deno.copyFileSync(`${dir}/${entry.name}`, `${into}/${entry.name}`);
  }
}

function fetcherOf(emulator: Emulator): Fetcher {
  return async (path, init) => await emulator.app.request(path, init);
}

Deno.test("createEmulator with a data file: everything answered is on disk when the answer arrives", async () => {
  const root = await Deno.makeTempDir({ prefix: "durable-" });
  const live = await createEmulator({ dataFile: `${root}/live/state.json`, clock: CLOCK });
  let restarted: Emulator | undefined;
  try {
    const f = fetcherOf(live);
    const [{ realmId }] = live.companies.listCompanies();
    const { access } = await connectRealm(f, realmId);
    const customer = await v3Ok(f, access, realmId, "/customer", { DisplayName: "Durable Tenant" });
    const renamed = await v3Ok(f, access, realmId, "/customer", {
      Id: customer.Id,
      SyncToken: customer.SyncToken,
      sparse: true,
      CompanyName: "Durable LLC",
    });
    const invoice = await v3Ok(f, access, realmId, "/invoice", {
      CustomerRef: { value: customer.Id },
      Line: [rentLine(500)],
    });
    await v3Ok(f, access, realmId, "/payment", {
      CustomerRef: { value: customer.Id },
      TotalAmt: 200,
      Line: [{ Amount: 200, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] }],
    });
    const gone = await v3Ok(f, access, realmId, "/invoice", {
      CustomerRef: { value: customer.Id },
      Line: [rentLine(7)],
    });
    await v3Ok(f, access, realmId, "/invoice?operation=delete", { Id: gone.Id, SyncToken: "0" });
    const voided = await v3Ok(f, access, realmId, "/invoice", {
      CustomerRef: { value: customer.Id },
      Line: [rentLine(9)],
    });
    await v3Ok(f, access, realmId, "/invoice?operation=void", { Id: voided.Id, SyncToken: "0" });
    const batchBody = {
      BatchItemRequest: ["A", "B", "C"].map((n, i) => ({
        bId: `b${i}`,
        operation: "create",
        Customer: { DisplayName: `Batch ${n}` },
      })),
    };
    const batch = await v3Ok<Json[]>(f, access, realmId, "/batch?requestid=b-durable-1", batchBody);
    const batchIds = batch.map((item) => item.Customer.Id);

    // The process dies right after the last answer: nothing was closed or flushed.
    crashCopy(`${root}/live`, `${root}/crashed`);
    restarted = await createEmulator({ dataFile: `${root}/crashed/state.json`, clock: CLOCK });
    const g = fetcherOf(restarted);
    const read = (path: string) => v3Ok(g, access, realmId, path);
    const after = await read(`/customer/${customer.Id}`);
    assert.equal(after.SyncToken, renamed.SyncToken, "the access token and the update survived");
    assert.equal(after.CompanyName, "Durable LLC");
    assert.equal(after.Balance, 300, "the ledger and the payment's link survived");
    assert.equal((await read(`/invoice/${invoice.Id}`)).Balance, 300);
    const deleted = await v3(g, access, realmId, `/invoice/${gone.Id}`);
    assert.equal(deleted.json.Fault.Error[0].code, "610", "the deletion survived");
    const voidedAfter = await read(`/invoice/${voided.Id}`);
    assert.equal(voidedAfter.TotalAmt, 0);
    assert.equal(voidedAfter.SyncToken, "1");
    const replayed = await v3Ok<Json[]>(g, access, realmId, "/batch?requestid=b-durable-1", batchBody);
    assert.deepEqual(replayed.map((item) => item.Customer.Id), batchIds, "the requestid answer survived");
    const next = await v3Ok(g, access, realmId, "/customer", { DisplayName: "After The Crash" });
    const seen = [customer.Id, ...batchIds].map(Number);
    assert.ok(Number(next.Id) > Math.max(...seen), `id ${next.Id} is new (seen ${seen})`);
    const nextInvoice = await v3Ok(g, access, realmId, "/invoice", {
      CustomerRef: { value: customer.Id },
      Line: [rentLine(1)],
    });
    assert.ok(Number(nextInvoice.Id) > Number(voided.Id), "transaction ids are not re-issued either");
    assert.equal(Number(nextInvoice.DocNumber), Number(voided.DocNumber) + 1, "nor DocNumbers");
  } finally {
    await restarted?.close();
    await live.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("createEmulator with a data file: a token refresh is on disk when its answer arrives", async () => {
  const root = await Deno.makeTempDir({ prefix: "durable-" });
  const live = await createEmulator({ dataFile: `${root}/live/state.json`, clock: CLOCK });
  let restarted: Emulator | undefined;
  try {
    const f = fetcherOf(live);
    const [{ realmId }] = live.companies.listCompanies();
    const { refresh } = await connectRealm(f, realmId);
    const res = await f("/oauth2/v1/tokens/bearer", {
      method: "POST",
      headers: {
        authorization: "Basic " + btoa("emulator-client-id:emulator-client-secret"),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refresh }).toString(),
    });
    const rotated = await res.json();
    assert.equal(res.status, 200);
    assert.notEqual(rotated.refresh_token, refresh);

    crashCopy(`${root}/live`, `${root}/crashed`);
    restarted = await createEmulator({ dataFile: `${root}/crashed/state.json`, clock: CLOCK });
    assert.equal(restarted.tokens.authenticate(`Bearer ${rotated.access_token}`, realmId).ok, true);
    const again = await fetcherOf(restarted)("/oauth2/v1/tokens/bearer", {
      method: "POST",
      headers: {
        authorization: "Basic " + btoa("emulator-client-id:emulator-client-secret"),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: rotated.refresh_token })
        .toString(),
    });
    assert.equal(again.status, 200, "the rotated refresh token is known after the crash");
    await again.body?.cancel();
  } finally {
    await restarted?.close();
    await live.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("CompanyStore.commit: one journal entry per commit, folded into the snapshot past compactBytes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "durable-" });
  const filePath = `${dir}/qbo.json`;
  try {
    const clock = new TestClock();
    const store = createCompanyStore({ clock, filePath, compactBytes: 64 * 1024 });
    const { realmId } = store.createCompany({ companyName: "Compacting" });
    store.commit();
    const ops = store.operations(realmId)!;
    const journal = journalPath(filePath);
    const ids: string[] = [];
    let compactions = 0;
    let previous = Deno.statSync(journal).size;
    for (let i = 0; i < 120; i++) {
      ids.push(String(ops.create("Customer", { DisplayName: `Tenant ${i}`, Notes: "x".repeat(900) }).Id));
      store.commit();
      const size = Deno.statSync(journal).size;
      if (size < previous) compactions++;
      previous = size;
    }
    assert.ok(compactions >= 1, "the journal was folded into the snapshot");
    assert.ok(Deno.statSync(journal).size < 64 * 1024);
    const snapshot = JSON.parse(Deno.readTextFileSync(filePath));
    assert.ok(snapshot.journalSeq > 100, `the snapshot says which entries it holds (${snapshot.journalSeq})`);

    crashCopy(dir, `${dir}/crashed`);
    const reopened = createCompanyStore({ clock, filePath: `${dir}/crashed/qbo.json` });
    assert.deepEqual(
      reopened.operations(realmId)!.rows("Customer").map((c) => String(c.Id)).slice(-120),
      ids,
    );
    reopened.close();
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("CompanyStore.load: journal entries already in the snapshot are not applied again", async () => {
  const dir = await Deno.makeTempDir({ prefix: "durable-" });
  const filePath = `${dir}/qbo.json`;
  try {
    const clock = new TestClock();
    const store = createCompanyStore({ clock, filePath });
    const { realmId } = store.createCompany({ companyName: "Folded" });
    const ops = store.operations(realmId)!;
    const customer = ops.create("Customer", { DisplayName: "Folded Tenant" });
    const invoice = ops.create("Invoice", { CustomerRef: { value: customer.Id }, Line: [rentLine(5)] });
    store.commit();
    const entries = Deno.readTextFileSync(journalPath(filePath));
    // The deletion goes straight into the snapshot; then a crash after the snapshot was renamed
    // into place but before the journal was emptied leaves the older entry behind.
    ops.delete("Invoice", { Id: invoice.Id, SyncToken: "0" });
    store.save();
    Deno.writeTextFileSync(journalPath(filePath), entries);

    crashCopy(dir, `${dir}/crashed`);
    const reopened = createCompanyStore({ clock, filePath: `${dir}/crashed/qbo.json` });
    const state = reopened.company(realmId)!;
    assert.equal(state.get("Invoice", String(invoice.Id)), undefined, "the deleted invoice stays deleted");
    assert.equal(state.isDeleted("Invoice", String(invoice.Id)), true);
    assert.equal(reopened.operations(realmId)!.read("Customer", String(customer.Id)).Balance, 0);
    reopened.close();
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("CompanyStore.load: a torn last journal line is dropped, the entries before it are kept", async () => {
  const dir = await Deno.makeTempDir({ prefix: "durable-" });
  const filePath = `${dir}/qbo.json`;
  try {
    const clock = new TestClock();
    const store = createCompanyStore({ clock, filePath });
    const { realmId } = store.createCompany({ companyName: "Torn" });
    const kept = store.operations(realmId)!.create("Customer", { DisplayName: "Kept" });
    store.commit();
    crashCopy(dir, `${dir}/crashed`);
    store.close();
    const torn = journalPath(`${dir}/crashed/qbo.json`);
    const text = Deno.readTextFileSync(torn);
    const line = JSON.stringify({
      seq: 99,
      companies: [{ realmId, objects: [["Customer", { Id: "999", DisplayName: "Never answered" }]] }],
    });
    Deno.writeTextFileSync(torn, text + line.slice(0, line.length - 5));

    const reopened = createCompanyStore({ clock, filePath: `${dir}/crashed/qbo.json` });
    const names = reopened.operations(realmId)!.rows("Customer").map((c) => c.DisplayName);
    assert.ok(names.includes("Kept"));
    assert.ok(!names.includes("Never answered"));
    assert.equal(reopened.operations(realmId)!.read("Customer", String(kept.Id)).SyncToken, "0");
    const next = reopened.operations(realmId)!.create("Customer", { DisplayName: "Next" });
    assert.equal(Number(next.Id), Number(kept.Id) + 1);
    reopened.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
