import assert from "node:assert/strict";
import { PDFDocument } from "pdf-lib";
import { accountingHarness, faultOf, type Json, rentLine } from "./accounting_harness.ts";

async function pdfOf(h: ReturnType<typeof accountingHarness>, path: string): Promise<Response> {
  return await h.app.request(`/v3/company/${h.realmId}${path}`, { headers: { accept: "application/pdf" } });
}

/** Text of every page content stream (inflated): pdf-lib writes text as hex strings of WinAnsi bytes. */
async function pageTexts(pdf: PDFDocument): Promise<string> {
  let all = "";
  for (const page of pdf.getPages()) {
    const contents = page.node.Contents();
    const streams = contents === undefined ? [] : "asArray" in contents ? contents.asArray() : [contents];
    for (const ref of streams) {
      const stream = pdf.context.lookup(ref) as unknown as {
        getContents(): Uint8Array;
        dict: { toString(): string };
      };
      let bytes = stream.getContents();
      if (stream.dict.toString().includes("/FlateDecode")) {
        const inflated = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(
          new DecompressionStream("deflate"),
        );
        bytes = new Uint8Array(await new Response(inflated).arrayBuffer());
      }
      all += new TextDecoder("latin1").decode(bytes);
    }
  }
  const cp1252 = new TextDecoder("windows-1252");
  return all.replace(
    /<([0-9A-Fa-f]+)>/g,
    (_, hex: string) => cp1252.decode(new Uint8Array((hex.match(/../g) ?? []).map((b) => parseInt(b, 16)))),
  );
}

async function tenantInvoice(h: ReturnType<typeof accountingHarness>, extra: Json = {}): Promise<Json> {
  const customer = await h.ok("/customer", {
    DisplayName: "Pdf Tenant",
    BillAddr: { Line1: "12 Elm St", City: "Springfield", CountrySubDivisionCode: "IL", PostalCode: "62701" },
  });
  return await h.ok("/invoice", {
    CustomerRef: { value: customer.Id },
    TxnDate: "2026-03-01",
    Line: [rentLine(1250, { Qty: 1, UnitPrice: 1250 }), { ...rentLine(35), Description: "Late fee – March" }],
    CustomerMemo: { value: "Thank you for renting with us." },
    ...extra,
  });
}

Deno.test("GET /invoice/{id}/pdf: application/pdf bytes that pdf-lib parses, naming the invoice", async () => {
  const h = accountingHarness();
  const invoice = await tenantInvoice(h);
  const res = await pdfOf(h, `/invoice/${invoice.Id}/pdf`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/pdf");
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), "%PDF-");
  const pdf = await PDFDocument.load(bytes);
  assert.equal(pdf.getPageCount(), 1);
  assert.equal(pdf.getTitle(), `Invoice ${invoice.DocNumber}`);
  assert.equal(pdf.getAuthor(), "Harness Properties");
  const text = await pageTexts(pdf);
  for (
    const expected of [
      `${invoice.DocNumber}`,
      "INVOICE",
      "Pdf Tenant",
      "12 Elm St",
      "$1,250.00",
      "$1,285.00",
      "Late fee – March",
      "Thank you",
    ]
  ) {
    assert.ok(text.includes(expected), `the PDF shows ${expected}`);
  }
  // Same object, same bytes.
  assert.deepEqual(new Uint8Array(await (await pdfOf(h, `/invoice/${invoice.Id}/pdf`)).arrayBuffer()), bytes);
});

Deno.test("GET /{entity}/{id}/pdf: estimates, receipts and memos; long documents run onto more pages", async () => {
  const h = accountingHarness();
  const invoice = await tenantInvoice(h);
  const customer = invoice.CustomerRef;
  const checking = { value: h.idOf("Account", "Checking") };
  const forms: Array<[string, Json, string]> = [
    ["estimate", { CustomerRef: customer, Line: [rentLine(10)] }, "Estimate"],
    ["salesreceipt", { CustomerRef: customer, Line: [rentLine(20)] }, "Sales Receipt"],
    ["creditmemo", { CustomerRef: customer, Line: [rentLine(30)] }, "Credit Memo"],
    [
      "refundreceipt",
      { CustomerRef: customer, DepositToAccountRef: checking, Line: [rentLine(40)] },
      "Refund Receipt",
    ],
  ];
  for (const [path, body, title] of forms) {
    const doc = await h.ok(`/${path}`, body);
    const pdf = await PDFDocument.load(
      new Uint8Array(await (await pdfOf(h, `/${path}/${doc.Id}/pdf`)).arrayBuffer()),
    );
    assert.equal(pdf.getTitle(), `${title} ${doc.DocNumber}`);
  }
  const long = await h.ok("/invoice", {
    CustomerRef: customer,
    Line: Array.from({ length: 80 }, (_, i) => ({ ...rentLine(1), Description: `Line ${i + 1}` })),
  });
  const pdf = await PDFDocument.load(
    new Uint8Array(await (await pdfOf(h, `/invoice/${long.Id}/pdf`)).arrayBuffer()),
  );
  assert.ok(pdf.getPageCount() >= 2);
  assert.ok((await pageTexts(pdf)).includes("Line 80"));
});

Deno.test("GET /{entity}/{id}/pdf: unknown ids and entities without a PDF are QBO faults", async () => {
  const h = accountingHarness();
  const missing = await pdfOf(h, "/invoice/999/pdf");
  assert.equal(missing.status, 400);
  assert.equal(faultOf(await missing.json()).code, "610");
  assert.equal(faultOf(await (await pdfOf(h, "/invoice/abc/pdf")).json()).code, "2030");
  const customer = await h.ok("/customer", { DisplayName: "No Pdf" });
  assert.equal(faultOf(await (await pdfOf(h, `/customer/${customer.Id}/pdf`)).json()).code, "500");
});

Deno.test("POST /invoice/{id}/send: EmailSent, DeliveryInfo and BillEmail from sendTo, an Emailed event", async () => {
  const h = accountingHarness();
  const invoice = await tenantInvoice(h);
  h.clock.advance(60);
  const { status, json } = await h.call("POST", `/invoice/${invoice.Id}/send?sendTo=tenant@example.com`);
  assert.equal(status, 200);
  const sent = json.Invoice;
  assert.equal(sent.EmailStatus, "EmailSent");
  assert.deepEqual(sent.DeliveryInfo, { DeliveryType: "Email", DeliveryTime: "2026-03-10T10:01:00-07:00" });
  assert.deepEqual(sent.BillEmail, { Address: "tenant@example.com" });
  assert.equal(sent.SyncToken, String(Number(invoice.SyncToken) + 1));
  assert.equal(sent.TotalAmt, invoice.TotalAmt);
  assert.equal(h.events.at(-1)!.operation, "Emailed");
  // Without sendTo, the BillEmail on file is used; DeliveryInfo cannot be written by clients.
  const again = await h.call("POST", `/invoice/${invoice.Id}/send`);
  assert.deepEqual(again.json.Invoice.BillEmail, { Address: "tenant@example.com" });
  const written = await h.ok("/invoice", {
    Id: invoice.Id,
    SyncToken: again.json.Invoice.SyncToken,
    sparse: true,
    DeliveryInfo: { DeliveryType: "Tradeshift" },
  });
  assert.equal(written.DeliveryInfo.DeliveryType, "Email");
  assert.equal(written.DeliveryInfo.DeliveryTime, again.json.Invoice.DeliveryInfo.DeliveryTime);
  const queued = await h.ok("/invoice", {
    CustomerRef: invoice.CustomerRef,
    Line: [rentLine(1)],
    EmailStatus: "NeedToSend",
  });
  assert.deepEqual(queued.DeliveryInfo, { DeliveryType: "Email" }, "as QBO records a form queued for e-mail");
});

Deno.test("POST /{entity}/{id}/send: no address is 6420; other forms send too", async () => {
  const h = accountingHarness();
  const invoice = await tenantInvoice(h);
  const none = await h.call("POST", `/invoice/${invoice.Id}/send`);
  assert.equal(none.status, 400);
  assert.equal(faultOf(none.json).code, "6420");
  assert.equal(
    faultOf((await h.call("POST", `/invoice/${invoice.Id}/send?sendTo=not-an-email`)).json).code,
    "6420",
  );
  const estimate = await h.ok("/estimate", {
    CustomerRef: invoice.CustomerRef,
    Line: [rentLine(10)],
    BillEmail: { Address: "e@example.com" },
  });
  const sent = await h.call("POST", `/estimate/${estimate.Id}/send`);
  assert.equal(sent.json.Estimate.EmailStatus, "EmailSent");
  assert.equal(faultOf((await h.call("POST", `/payment/1/send?sendTo=a@b.co`)).json).code, "500");
});
