/**
 * Real client compatibility: the npm packages `intuit-oauth` and `node-quickbooks`, unchanged,
 * talk to the emulator over loopback HTTP. The only change is the one their own APIs allow:
 * their endpoint constants (static properties) are pointed at the emulator's URLs.
 *
 * The resource and op sanitizers are off for these tests: both libraries use axios on Node's http
 * agent, whose keep-alive sockets outlive a test step; that is the libraries' business.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import OAuthClient from "intuit-oauth";
import { PDFDocument } from "pdf-lib";
import QuickBooks from "node-quickbooks";
import type { EmulatorConfigInput } from "../../../adapters/quickbooks-emulator/config.ts";
import { createEmulator, type Emulator } from "../../../adapters/quickbooks-emulator/emulator.ts";
import type { EmulatorUrls } from "../../../adapters/quickbooks-emulator/oauth/endpoint_paths.ts";

const CLIENT_ID = "emulator-client-id";
const CLIENT_SECRET = "emulator-client-secret";
const REDIRECT_URI = "http://localhost:8787/api/quickbooks/oauth/callback";

// deno-lint-ignore no-explicit-any
type Loose = any;

interface Running {
  readonly emulator: Emulator;
  readonly urls: EmulatorUrls;
  readonly realmId: string;
  stop(): Promise<void>;
}

async function startEmulator(config: EmulatorConfigInput = {}): Promise<Running> {
  // Real-time clock: intuit-oauth checks the id_token's exp against the wall clock.
  const emulator = await createEmulator({ throttle: { enabled: false }, ...config });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, emulator.app.fetch);
  const urls = emulator.urls(`http://127.0.0.1:${server.addr.port}`);
  pointIntuitOAuthAt(urls);
  pointNodeQuickBooksAt(urls);
  return {
    emulator,
    urls,
    realmId: emulator.companies.listCompanies()[0].realmId,
    stop: async () => {
      await server.shutdown();
      await emulator.close();
    },
  };
}

/** intuit-oauth reads these statics on every call. */
function pointIntuitOAuthAt(urls: EmulatorUrls): void {
  const c = OAuthClient as Loose;
  c.authorizeEndpoint = urls.authorize;
  c.tokenEndpoint = urls.token;
  c.revokeEndpoint = urls.revoke;
  c.userinfo_endpoint_sandbox = urls.userinfo;
  c.userinfo_endpoint_production = urls.userinfo;
  c.jwks_uri = urls.jwks;
  c.environment = { sandbox: urls.base + "/", production: urls.base + "/" };
}

/** node-quickbooks reads V3_ENDPOINT_BASE_URL when an instance is constructed. */
function pointNodeQuickBooksAt(urls: EmulatorUrls): void {
  const q = QuickBooks as Loose;
  q.V3_ENDPOINT_BASE_URL = urls.v3CompanyBase;
  q.TOKEN_URL = urls.token;
  q.REVOKE_URL = urls.revoke;
  q.USER_INFO_URL = urls.userinfo;
  q.APP_CENTER_BASE = urls.base;
}

/** The user's trip through the consent page, done by the emulator's non-interactive approve. */
async function consent(authorizeUri: string, realmId: string): Promise<string> {
  const res = await fetch(`${authorizeUri}&auto_approve=true&realm_id=${realmId}`, { redirect: "manual" });
  await res.body?.cancel();
  assert.equal(res.status, 302);
  return res.headers.get("location")!;
}

async function connectWithIntuitOAuth(run: Running): Promise<Loose> {
  const client: Loose = new (OAuthClient as Loose)({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    environment: "sandbox",
    redirectUri: REDIRECT_URI,
  });
  const authorizeUri = client.authorizeUri({
    scope: [
      (OAuthClient as Loose).scopes.Accounting,
      (OAuthClient as Loose).scopes.OpenId,
      "profile",
      "email",
    ],
    state: "npm-test-state",
  });
  await client.createToken(await consent(authorizeUri, run.realmId));
  return client;
}

/** node-quickbooks is callback-style; this turns one call into a promise. */
function call<T = Loose>(qbo: Loose, method: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    qbo[method](...args, (err: unknown, data: T) => (err ? reject(err) : resolve(data)));
  });
}

function nodeQuickBooks(run: Running, accessToken: string, refreshToken: string): Loose {
  return new (QuickBooks as Loose)(
    CLIENT_ID,
    CLIENT_SECRET,
    accessToken,
    false,
    run.realmId,
    true,
    false,
    75,
    "2.0",
    refreshToken,
  );
}

const options = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "intuit-oauth: code flow, id_token validation, userinfo, refresh and revoke against the emulator",
  ...options,
  fn: async () => {
    const run = await startEmulator();
    try {
      const client = await connectWithIntuitOAuth(run);
      const token = client.getToken();
      assert.equal(token.realmId, run.realmId);
      assert.equal(token.state, "npm-test-state");
      assert.equal(token.token_type, "bearer");
      assert.ok(client.isAccessTokenValid());
      assert.equal(await client.validateIdToken(), true);

      const info = await client.getUserInfo();
      assert.equal(info.json.email, "emulator.user@example.com");

      const companyInfo = await client.makeApiCall({
        url: `${run.urls.v3CompanyBase}${run.realmId}/companyinfo/${run.realmId}`,
      });
      assert.equal(companyInfo.json.CompanyInfo.CompanyName, "Sandbox Company_US_1");

      const firstRefresh = token.refresh_token;
      const refreshed = await client.refresh();
      assert.equal(refreshed.json.x_refresh_token_expires_in, 8726400);
      assert.notEqual(client.getToken().refresh_token, firstRefresh);

      await client.revoke();
      await assert.rejects(client.refreshUsingToken(refreshed.json.refresh_token), (e: Loose) => {
        assert.equal(e.error, "invalid_grant");
        return true;
      });
    } finally {
      await run.stop();
    }
  },
});

Deno.test({
  name: "node-quickbooks: customers, invoices, payments, paged queries, O'Brien, batch, CDC and P&L",
  ...options,
  fn: async () => {
    const run = await startEmulator();
    try {
      const oauth = await connectWithIntuitOAuth(run);
      const qbo = nodeQuickBooks(run, oauth.getToken().access_token, oauth.getToken().refresh_token);

      const obrien = await call(qbo, "createCustomer", {
        DisplayName: "Siobhan O'Brien",
        GivenName: "Siobhan",
      });
      assert.equal(obrien.DisplayName, "Siobhan O'Brien");
      const read = await call(qbo, "getCustomer", obrien.Id);
      assert.equal(read.SyncToken, "0");
      const updated = await call(qbo, "updateCustomer", {
        Id: read.Id,
        SyncToken: read.SyncToken,
        sparse: true,
        PrimaryEmailAddr: { Address: "siobhan@example.com" },
      });
      assert.equal(updated.SyncToken, "1");
      assert.equal(updated.PrimaryEmailAddr.Address, "siobhan@example.com");

      const byName = await call(qbo, "findCustomers", [{ field: "DisplayName", value: "Siobhan O'Brien" }]);
      assert.deepEqual(byName.QueryResponse.Customer.map((c: Loose) => c.Id), [obrien.Id]);

      for (let i = 1; i <= 5; i++) await call(qbo, "createCustomer", { DisplayName: `Page Tenant ${i}` });
      const paged = await call(qbo, "findCustomers", [
        { field: "DisplayName", value: "Page Tenant%", operator: "LIKE" },
        { field: "fetchAll", value: true },
        { field: "limit", value: 2 },
      ]);
      assert.deepEqual(
        paged.QueryResponse.Customer.map((c: Loose) => c.DisplayName).sort(),
        ["Page Tenant 1", "Page Tenant 2", "Page Tenant 3", "Page Tenant 4", "Page Tenant 5"],
      );

      const rent = (await call(qbo, "findItems", [{ field: "Name", value: "Rent" }])).QueryResponse.Item[0];
      const invoice = await call(qbo, "createInvoice", {
        CustomerRef: { value: obrien.Id },
        TxnDate: "2026-03-01",
        Line: [{
          Amount: 1250,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: rent.Id }, Qty: 1, UnitPrice: 1250 },
        }],
      });
      assert.equal(invoice.TotalAmt, 1250);
      const invoiceUpdated = await call(qbo, "updateInvoice", {
        Id: invoice.Id,
        SyncToken: invoice.SyncToken,
        sparse: true,
        PrivateNote: "March rent",
      });
      assert.equal(invoiceUpdated.PrivateNote, "March rent");

      const payment = await call(qbo, "createPayment", {
        CustomerRef: { value: obrien.Id },
        TotalAmt: 1000,
        TxnDate: "2026-03-05",
        Line: [{ Amount: 1000, LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }] }],
      });
      assert.equal(payment.TotalAmt, 1000);
      assert.equal((await call(qbo, "getPayment", payment.Id)).Id, payment.Id);
      assert.equal((await call(qbo, "getInvoice", invoice.Id)).Balance, 250);

      const batch = await call(qbo, "batch", [
        { bId: "b1", operation: "create", Customer: { DisplayName: "Batch Tenant" } },
        { bId: "b2", Query: "select * from Customer where DisplayName = 'Siobhan O\\'Brien'" },
      ]);
      const items = Object.fromEntries(batch.BatchItemResponse.map((r: Loose) => [r.bId, r]));
      assert.equal(items.b1.Customer.DisplayName, "Batch Tenant");
      assert.equal(items.b2.QueryResponse.Customer[0].Id, obrien.Id);

      const cdc = await call(
        qbo,
        "changeDataCapture",
        ["Customer", "Invoice"],
        new Date(Date.now() - 3_600_000),
      );
      const groups = cdc.CDCResponse[0].QueryResponse;
      const changedCustomers = groups.find((g: Loose) => g.Customer)?.Customer ?? [];
      assert.ok(changedCustomers.some((c: Loose) => c.Id === obrien.Id));
      assert.ok(groups.some((g: Loose) => g.Invoice?.some((i: Loose) => i.Id === invoice.Id)));

      const pnl = await call(qbo, "reportProfitAndLoss", {
        start_date: "2026-03-01",
        end_date: "2026-03-31",
        accounting_method: "Accrual",
      });
      assert.equal(pnl.Header.ReportName, "ProfitAndLoss");
      assert.ok(JSON.stringify(pnl.Rows).includes("1250.00"), "the rent invoice shows as income");
    } finally {
      await run.stop();
    }
  },
});

Deno.test({
  name: "node-quickbooks: refreshAccessToken and revokeAccess (form-encoded) against the emulator",
  ...options,
  fn: async () => {
    const run = await startEmulator();
    try {
      const oauth = await connectWithIntuitOAuth(run);
      const qbo = nodeQuickBooks(run, oauth.getToken().access_token, oauth.getToken().refresh_token);
      const refreshed = await call(qbo, "refreshAccessToken");
      assert.equal(qbo.token, refreshed.access_token);
      assert.equal((await call(qbo, "getCompanyInfo", run.realmId)).CompanyName, "Sandbox Company_US_1");
      await call(qbo, "revokeAccess", true);
      const stale = nodeQuickBooks(run, refreshed.access_token, refreshed.refresh_token);
      await assert.rejects(call(stale, "getCompanyInfo", run.realmId), (e: Loose) => {
        assert.equal(e.response.status, 401);
        assert.equal(e.response.data.fault.error[0].code, "3200");
        return true;
      });
    } finally {
      await run.stop();
    }
  },
});

Deno.test({
  name: "node-quickbooks: accounts, projections, attachables, upload, exchange rates, PDFs and send",
  ...options,
  fn: async () => {
    const run = await startEmulator({
      companies: [{ companyName: "Sandbox Company_US_1", multiCurrency: true }],
    });
    try {
      const oauth = await connectWithIntuitOAuth(run);
      const qbo = nodeQuickBooks(run, oauth.getToken().access_token, oauth.getToken().refresh_token);

      const travel = await call(qbo, "findAccounts", [{ field: "Name", value: "Travel" }]);
      assert.deepEqual(
        travel.QueryResponse.Account.map((a: Loose) => [a.AccountType, a.AccountSubType]),
        [["Expense", "Travel"]],
      );
      const count = await call(qbo, "findAccounts", { count: true });
      assert.ok(count.QueryResponse.totalCount > 20);
      const projected = await call(qbo, "batch", [
        { bId: "p1", Query: "select Id, Name from Account where AccountType = 'Bank'" },
      ]);
      assert.deepEqual(
        Object.keys(projected.BatchItemResponse[0].QueryResponse.Account[0]).sort(),
        ["Id", "Name", "sparse"],
      );

      const customer = await call(qbo, "createCustomer", { DisplayName: "Npm Attach Tenant" });
      const rent = (await call(qbo, "findItems", [{ field: "Name", value: "Rent" }])).QueryResponse.Item[0];
      const invoice = await call(qbo, "createInvoice", {
        CustomerRef: { value: customer.Id },
        Line: [{
          Amount: 900,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: rent.Id } },
        }],
      });

      const note = await call(qbo, "createAttachable", {
        Note: "Lease signed on paper, scan to follow.",
        AttachableRef: [{ EntityRef: { type: "Invoice", value: invoice.Id } }],
      });
      assert.equal(
        (await call(qbo, "getAttachable", note.Id)).Note,
        "Lease signed on paper, scan to follow.",
      );
      const edited = await call(qbo, "updateAttachable", {
        Id: note.Id,
        SyncToken: note.SyncToken,
        Note: "Scanned.",
      });
      assert.deepEqual([edited.SyncToken, edited.Note], ["1", "Scanned."]);
      const found = await call(qbo, "findAttachables", [{ field: "Note", value: "Scanned." }]);
      assert.deepEqual(found.QueryResponse.Attachable.map((a: Loose) => a.Id), [note.Id]);

      const uploaded = await call(
        qbo,
        "upload",
        "lease.pdf",
        "application/pdf",
        Buffer.from("%PDF-1.4 scanned lease"),
        "Invoice",
        invoice.Id,
      );
      assert.deepEqual([uploaded.FileName, uploaded.ContentType, uploaded.Size], [
        "lease.pdf",
        "application/pdf",
        22,
      ]);
      assert.equal(uploaded.AttachableRef[0].EntityRef.value, invoice.Id);
      const file = await fetch(uploaded.TempDownloadUri);
      assert.equal(await file.text(), "%PDF-1.4 scanned lease");
      const deleted = await call(qbo, "deleteAttachable", note.Id);
      assert.equal(deleted.Attachable.status, "Deleted");

      const eur = await call(qbo, "getExchangeRate", { sourcecurrencycode: "EUR" });
      assert.deepEqual([eur.ExchangeRate.SourceCurrencyCode, eur.ExchangeRate.TargetCurrencyCode], [
        "EUR",
        "USD",
      ]);
      // node-quickbooks unwraps "Exchangerate" (its capitalisation), so the envelope comes back whole.
      const set = (await call(qbo, "updateExchangeRate", {
        SourceCurrencyCode: "EUR",
        Rate: 1.5,
        AsOfDate: eur.ExchangeRate.AsOfDate,
      })).ExchangeRate;
      assert.deepEqual([set.Rate, set.SyncToken], [1.5, "1"]);
      const rates = await call(qbo, "findExchangeRates", [{ field: "SourceCurrencyCode", value: "EUR" }]);
      assert.equal(rates.QueryResponse.ExchangeRate[0].Rate, 1.5);

      const pdfBytes = await call(qbo, "getInvoicePdf", invoice.Id);
      assert.equal(Buffer.from(pdfBytes).subarray(0, 5).toString(), "%PDF-");
      const pdf = await PDFDocument.load(new Uint8Array(pdfBytes));
      assert.equal(pdf.getTitle(), `Invoice ${invoice.DocNumber}`);
      const sent = await call(qbo, "sendInvoicePdf", invoice.Id, "tenant@example.com");
      assert.equal(sent.EmailStatus, "EmailSent");
      assert.equal(sent.DeliveryInfo.DeliveryType, "Email");
      assert.equal(sent.BillEmail.Address, "tenant@example.com");

      const estimate = await call(qbo, "createEstimate", {
        CustomerRef: { value: customer.Id },
        Line: [{
          Amount: 50,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: rent.Id } },
        }],
      });
      const estimatePdf = await PDFDocument.load(
        new Uint8Array(await call(qbo, "getEstimatePdf", estimate.Id)),
      );
      assert.equal(estimatePdf.getTitle(), `Estimate ${estimate.DocNumber}`);
      assert.equal(
        (await call(qbo, "sendEstimatePdf", estimate.Id, "e@example.com")).EmailStatus,
        "EmailSent",
      );
      const receipt = await call(qbo, "createSalesReceipt", {
        CustomerRef: { value: customer.Id },
        Line: [{
          Amount: 25,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: rent.Id } },
        }],
      });
      assert.ok((await call(qbo, "getSalesReceiptPdf", receipt.Id)).byteLength > 500);
      assert.equal(
        (await call(qbo, "sendSalesReceiptPdf", receipt.Id, "r@example.com")).EmailStatus,
        "EmailSent",
      );
      const memo = await call(qbo, "createCreditMemo", {
        CustomerRef: { value: customer.Id },
        Line: [{
          Amount: 10,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: rent.Id } },
        }],
      });
      assert.ok((await call(qbo, "getCreditMemoPdf", memo.Id)).byteLength > 500);
      assert.equal((await call(qbo, "sendCreditMemoPdf", memo.Id, "m@example.com")).EmailStatus, "EmailSent");
    } finally {
      await run.stop();
    }
  },
});
