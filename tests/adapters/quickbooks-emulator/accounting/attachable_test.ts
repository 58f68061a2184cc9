import assert from "node:assert/strict";
import { createEmulator, type Emulator } from "../../../../adapters/quickbooks-emulator/emulator.ts";
import { accountingHarness, faultOf, type Json, rentLine } from "./accounting_harness.ts";
import { readFixture } from "./recorded_sandbox.ts";

async function invoiceIn(h: ReturnType<typeof accountingHarness>): Promise<string> {
  const customer = await h.ok("/customer", { DisplayName: "Attach Tenant" });
  return (await h.ok("/invoice", { CustomerRef: { value: customer.Id }, Line: [rentLine(100)] })).Id;
}

Deno.test("Attachable: a note is created, read, updated and deleted with QBO's shapes", async () => {
  const h = accountingHarness();
  const invoiceId = await invoiceIn(h);
  const note = await h.ok("/attachable", {
    Note: "This is an attached note.",
    AttachableRef: [{ IncludeOnSend: "false", EntityRef: { type: "Invoice", value: invoiceId } }],
  });
  assert.match(note.Id, /^5\d{18}$/);
  assert.equal(note.SyncToken, "0");
  assert.deepEqual([note.domain, note.sparse], ["QBO", false]);
  assert.deepEqual(note.AttachableRef, [{
    IncludeOnSend: false,
    EntityRef: { value: invoiceId, type: "Invoice" },
  }]);
  assert.equal(note.FileAccessUri, undefined, "a note has no file");
  assert.deepEqual(await h.get(`/attachable/${note.Id}`), note);

  const updated = await h.ok("/attachable", { ...note, Note: "This is an updated attached note." });
  assert.equal(updated.SyncToken, "1");
  assert.equal(updated.Note, "This is an updated attached note.");
  const sparse = await h.ok("/attachable", { Id: note.Id, SyncToken: "1", sparse: true, Tag: "lease" });
  assert.deepEqual([sparse.Note, sparse.Tag], ["This is an updated attached note.", "lease"]);

  const deleted = await h.call("POST", "/attachable?operation=delete", { Id: note.Id });
  assert.deepEqual(deleted.json.Attachable, { status: "Deleted", domain: "QBO", Id: note.Id });
  assert.equal(faultOf((await h.call("GET", `/attachable/${note.Id}`)).json).code, "610");
  assert.deepEqual(h.events.filter((e) => e.entityName === "Attachable").map((e) => e.operation), [
    "Create",
    "Update",
    "Update",
    "Delete",
  ]);
});

Deno.test("Attachable: validation faults (no note or file name, bad category, missing link target)", async () => {
  const h = accountingHarness();
  assert.equal(faultOf((await h.call("POST", "/attachable", { Tag: "x" })).json).code, "2020");
  assert.equal(
    faultOf((await h.call("POST", "/attachable", { Note: "n", Category: "Poster" })).json).code,
    "2170",
  );
  assert.equal(faultOf((await h.call("POST", "/attachable", { Note: "x".repeat(2001) })).json).code, "2050");
  assert.equal(
    faultOf((await h.call("POST", "/attachable", { Note: "n", Colour: "red" })).json).code,
    "2010",
  );
  const missing = await h.call("POST", "/attachable", {
    Note: "n",
    AttachableRef: [{ EntityRef: { type: "Estimate", value: "75" } }],
  });
  // The recorded wording (attachment__error_estimate__0).
  const recorded = readFixture("attachment__error_estimate__0.json").response as Json;
  assert.deepEqual(faultOf(missing.json).Detail, recorded.AttachableResponse[0].Fault.Error[0].Detail);
});

Deno.test("Attachable: queried by its link, as in Intuit's sample, with a projection", async () => {
  const h = accountingHarness();
  const invoiceId = await invoiceIn(h);
  const a = await h.ok("/attachable", {
    Note: "one",
    AttachableRef: [{ EntityRef: { type: "Invoice", value: invoiceId } }],
  });
  await h.ok("/attachable", { Note: "unlinked" });
  const q =
    `select Id from attachable where AttachableRef.EntityRef.Type = 'invoice' and AttachableRef.EntityRef.value = '${invoiceId}'`;
  const { json } = await h.call("GET", `/query?query=${encodeURIComponent(q)}`);
  assert.deepEqual(json.QueryResponse, {
    Attachable: [{ Id: a.Id, sparse: true }],
    startPosition: 1,
    maxResults: 1,
  });
  const all = await h.call(
    "GET",
    `/query?query=${encodeURIComponent("select * from Attachable where Note like 'un%'")}`,
  );
  assert.equal(all.json.QueryResponse.Attachable[0].Note, "unlinked");
});

// --- uploads and downloads go through the whole emulator (the download URL is outside /v3) ---

async function withEmulator(run: (e: Emulator, call: Caller) => Promise<void>): Promise<void> {
  const e = await createEmulator({
    clock: { mode: "frozen", start: "2026-04-01T16:00:00Z" },
    throttle: { enabled: false },
    baseUrl: "http://qbo.local:8788",
  });
  const realmId = e.companies.listCompanies()[0].realmId;
  const { accessToken } = e.tokens.createGrant({
    clientId: "emulator-client-id",
    realmId,
    scopes: ["com.intuit.quickbooks.accounting"],
    subject: "u",
  });
  const call: Caller = async (method, path, body, contentType = "application/json") => {
    const res = await e.app.request(path.startsWith("/") ? path : `/v3/company/${realmId}/${path}`, {
      method,
      body,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: "application/json",
        "content-type": contentType,
      },
    });
    return res;
  };
  try {
    await run(e, call);
  } finally {
    await e.close();
  }
}

type Caller = (method: string, path: string, body?: BodyInit, contentType?: string) => Promise<Response>;

Deno.test("POST /upload: the recorded multipart request links a file, served at an expiring TempDownloadUri", async () => {
  await withEmulator(async (e, call) => {
    const realmId = e.companies.listCompanies()[0].realmId;
    const ops = e.companies.operations(realmId)!;
    const customer = ops.create("Customer", { DisplayName: "Upload Tenant" });
    const rent = e.companies.company(realmId)!.listNameOwner("Item", "Rent")!;
    const invoice = ops.create("Invoice", {
      CustomerRef: { value: customer.Id },
      Line: [{
        Amount: 5,
        DetailType: "SalesItemLineDetail",
        SalesItemLineDetail: { ItemRef: { value: rent } },
      }],
    });
    const recorded = readFixture("attachment__create_for_invoice__0.json");
    const body = recorded.request.body.replace('"value":"75"', `"value":"${invoice.Id}"`);
    const boundary = body.slice(2, body.indexOf("\r\n"));
    const res = await call("POST", "upload", body, `multipart/form-data; boundary=${boundary}`);
    assert.equal(res.status, 200);
    const json = await res.json();
    const attachable = json.AttachableResponse[0].Attachable;
    const expected = (recorded.response as Json).AttachableResponse[0].Attachable;
    assert.deepEqual(Object.keys(attachable).sort(), Object.keys(expected).sort());
    assert.deepEqual([attachable.FileName, attachable.ContentType, attachable.Size], [
      "no_detail.xml",
      "text/xml",
      538,
    ]);
    assert.equal(attachable.FileAccessUri, `/v3/company/${realmId}/download/${attachable.Id}`);
    assert.deepEqual(attachable.AttachableRef, [{
      EntityRef: { value: invoice.Id, type: "Invoice" },
      IncludeOnSend: false,
    }]);

    const url = new URL(attachable.TempDownloadUri);
    assert.equal(url.origin, "http://qbo.local:8788");
    assert.equal(Number(url.searchParams.get("Expires")), Date.parse("2026-04-01T16:15:00Z") / 1000);
    const file = await e.app.request(url.pathname + url.search);
    assert.equal(file.status, 200, "no token needed");
    assert.equal(file.headers.get("content-type"), "text/xml");
    const text = await file.text();
    assert.equal(new TextEncoder().encode(text).byteLength, 538);
    assert.ok(text.startsWith('<?xml version="1.0"'));

    const link = await call("GET", `download/${attachable.Id}`);
    assert.equal(link.headers.get("content-type"), "text/plain");
    assert.match(await link.text(), /^http:\/\/qbo\.local:8788\/attachments\/.+\?Expires=\d+$/);

    e.clock.advance(901_000);
    const expired = await e.app.request(url.pathname + url.search);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /Request has expired/);
    const forged = await e.app.request(
      url.pathname.replace(/\/[0-9a-f]{32}\//, "/" + "0".repeat(32) + "/") + "?Expires=9999999999",
    );
    assert.equal(forged.status, 403);
    await forged.body?.cancel();
  });
});

Deno.test("POST /upload: without metadata the file part names the attachable; a bad item is a fault, not a failure", async () => {
  await withEmulator(async (_e, call) => {
    const form = new FormData();
    form.append("file_content_01", new File(["id,amount\n1,10\n"], "rent_roll.csv", { type: "text/csv" }));
    form.append("file_content_02", new File(["MZ"], "setup.exe", { type: "application/octet-stream" }));
    const res = await (async () => {
      const req = new Request("http://x/", { method: "POST", body: form });
      return await call("POST", "upload", await req.arrayBuffer(), req.headers.get("content-type")!);
    })();
    assert.equal(res.status, 200);
    const [ok, bad] = (await res.json()).AttachableResponse;
    assert.deepEqual([ok.Attachable.FileName, ok.Attachable.ContentType, ok.Attachable.Size], [
      "rent_roll.csv",
      "text/csv",
      15,
    ]);
    assert.equal(ok.Attachable.AttachableRef, undefined);
    assert.deepEqual([bad.Fault.type, bad.Fault.Error[0].code], ["ValidationFault", "6000"]);
    const notMultipart = await call("POST", "upload", "{}");
    assert.equal(notMultipart.status, 400);
    assert.equal((await notMultipart.json()).Fault.Error[0].code, "2020");
  });
});

Deno.test("Attachable files survive a snapshot and restore of the company store", async () => {
  await withEmulator(async (e, call) => {
    const form = new FormData();
    form.append(
      "file_content_01",
      new File([new Uint8Array([0, 1, 2, 255])], "scan.pdf", { type: "application/pdf" }),
    );
    const req = new Request("http://x/", { method: "POST", body: form });
    const res = await call("POST", "upload", await req.arrayBuffer(), req.headers.get("content-type")!);
    const id = (await res.json()).AttachableResponse[0].Attachable.Id;
    e.companies.restore(JSON.parse(JSON.stringify(e.companies.snapshot())));
    const read = await (await call("GET", `attachable/${id}`)).json();
    const file = await e.app.request(
      new URL(read.Attachable.TempDownloadUri).pathname + new URL(read.Attachable.TempDownloadUri).search,
    );
    assert.deepEqual([...new Uint8Array(await file.arrayBuffer())], [0, 1, 2, 255]);
  });
});
