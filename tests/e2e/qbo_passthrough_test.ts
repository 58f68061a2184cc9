/**
 * The QuickBooks pass-through end to end, through the HTTP API against the emulator mounted in the
 * service: the whole Customer / Invoice / Payment lifecycle through `/qbo/...` (create, query, read,
 * sparse update, a stale SyncToken and a duplicate name answered with our codes and QuickBooks'
 * fault, an invoice and a payment applied to it, the payment voided, the invoice deleted), a retry
 * with the same `X-Request-Id` that QuickBooks answers without writing twice, every write in the
 * audit trail with its `intuit_tid` and its actor, and the callers refused: a property-scoped one,
 * the roles that only read, a read-only API key and a property-scoped one.
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { api, connectWithMappings, type Running, SECRET, startService } from "../support/e2e_service.ts";

const ORG = "org-passthrough";
// deno-lint-ignore no-explicit-any
type Json = any;

async function bearer(claims: Record<string, unknown>): Promise<string> {
  return await new SignJWT({ org: ORG, role: "admin", ...claims }).setProtectedHeader({ alg: "HS256" })
    .setSubject("user-pass").setIssuedAt().setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));
}

/** One call as `claims` say (admin of ORG by default), optionally with an `X-Request-Id`. */
async function send(
  run: Running,
  method: string,
  path: string,
  body?: unknown,
  options: { claims?: Record<string, unknown>; requestId?: string } = {},
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { Authorization: `Bearer ${await bearer(options.claims ?? {})}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (options.requestId) headers["X-Request-Id"] = options.requestId;
  const response = await fetch(`${run.base}/api/quickbooks${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const q = (text: string) => encodeURIComponent(text);

Deno.test({
  name:
    "QuickBooks pass-through: the Customer / Invoice / Payment lifecycle through /qbo against the emulator",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      assert.equal((await api(run, "PUT", "/organization", ORG, { name: "Pass-through LLC" })).status, 201);
      const { target } = await connectWithMappings(run, ORG);

      // --- a customer: create, query, read, sparse update ---------------------------------------
      const created = await send(run, "POST", "/qbo/Customer", {
        DisplayName: "Ann O'Hara",
        GivenName: "Ann",
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const customer = created.body.data.object;
      assert.equal(created.body.data.entity, "Customer");
      assert.equal(created.body.data.realm_id, target.realmId);
      assert.equal(customer.DisplayName, "Ann O'Hara");
      assert.equal(customer.SyncToken, "0");
      assert.match(created.body.data.intuit_tid, /.+/);
      assert.equal(created.body.data.quickbooks_request_id.length, 34);

      const found = await send(run, "GET", `/qbo/Customer?where=${q("DisplayName = 'Ann O\\'Hara'")}`);
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.deepEqual(found.body.data.items.map((c: Json) => c.Id), [customer.Id]);
      assert.equal(found.body.data.next_start_position, null);
      assert.equal(
        found.body.data.statement,
        "SELECT * FROM Customer WHERE DisplayName = 'Ann O\\'Hara' STARTPOSITION 1 MAXRESULTS 100",
      );
      const counted = await send(run, "GET", `/qbo/Customer?query=${q("select count(*) from customer")}`);
      assert.equal(counted.status, 200, JSON.stringify(counted.body));
      assert.ok(counted.body.data.total_count >= 1);
      assert.deepEqual(counted.body.data.items, []);
      const paged = await send(run, "GET", "/qbo/Account?order_by=Id&max_results=5");
      assert.equal(paged.body.data.items.length, 5);
      assert.equal(paged.body.data.next_start_position, 6);
      const next = await send(run, "GET", "/qbo/Account?order_by=Id&max_results=5&start_position=6");
      assert.ok(Number(next.body.data.items[0].Id) > Number(paged.body.data.items[4].Id));

      const read = await send(run, "GET", `/qbo/Customer/${customer.Id}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.data.object.DisplayName, "Ann O'Hara");

      const updated = await send(run, "POST", `/qbo/Customer/${customer.Id}`, {
        SyncToken: "0",
        CompanyName: "O'Hara Holdings",
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.data.object.SyncToken, "1");
      assert.equal(updated.body.data.object.CompanyName, "O'Hara Holdings");
      assert.equal(updated.body.data.object.GivenName, "Ann", "sparse: the fields left out are kept");

      // --- QuickBooks' faults as our codes --------------------------------------------------------
      const stale = await send(run, "POST", `/qbo/Customer/${customer.Id}`, {
        SyncToken: "0",
        Notes: "late",
      });
      assert.equal(stale.status, 409, JSON.stringify(stale.body));
      assert.equal(stale.body.error.code, "QB005");
      assert.equal(stale.body.error.details.qbo_code, "5010");
      assert.match(stale.body.error.details.qbo_message, /Stale Object/);
      assert.ok(stale.body.error.details.intuit_tid);
      const duplicate = await send(run, "POST", "/qbo/Customer", { DisplayName: "Ann O'Hara" });
      assert.equal(duplicate.status, 422, JSON.stringify(duplicate.body));
      assert.equal(duplicate.body.error.code, "QB004");
      assert.equal(duplicate.body.error.details.qbo_code, "6240");
      assert.equal(duplicate.body.error.details.qbo_fault_type, "ValidationFault");
      // The body is QuickBooks' to judge: a field it does not know is its fault 2010.
      const typo = await send(run, "POST", "/qbo/Customer", { DisplayName: "Typo Tom", Nickname: "T" });
      assert.equal(typo.status, 422, JSON.stringify(typo.body));
      assert.equal(typo.body.error.details.qbo_code, "2010");
      assert.match(typo.body.error.details.qbo_detail, /Nickname/);
      const badQuery = await send(run, "GET", `/qbo/Customer?where=${q("Nickname = 'x'")}`);
      assert.equal(badQuery.status, 422, JSON.stringify(badQuery.body));
      assert.equal(badQuery.body.error.details.qbo_code, "4001");
      const missing = await send(run, "GET", "/qbo/Customer/987654");
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, "NOT_FOUND");

      // --- a client's retry with the same X-Request-Id writes once ------------------------------
      const once = { DisplayName: "Retry Robin" };
      const first = await send(run, "POST", "/qbo/Customer", once, { requestId: "client-retry-1" });
      const again = await send(run, "POST", "/qbo/Customer", once, { requestId: "client-retry-1" });
      assert.equal(first.status, 201);
      assert.equal(again.status, 201, JSON.stringify(again.body));
      assert.equal(again.body.data.object.Id, first.body.data.object.Id);
      const robins = await send(run, "GET", `/qbo/Customer?where=${q("DisplayName = 'Retry Robin'")}`);
      assert.equal(robins.body.data.items.length, 1);

      // --- an invoice, a payment applied to it, the payment voided, the invoice deleted ---------
      const items = await send(run, "GET", `/qbo/Item?where=${q("Type = 'Service'")}&max_results=1`);
      const item = items.body.data.items[0];
      const invoice = await send(run, "POST", "/qbo/Invoice", {
        CustomerRef: { value: customer.Id },
        TxnDate: "2026-03-01",
        Line: [{
          Amount: 1250,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1, UnitPrice: 1250 },
        }],
      });
      assert.equal(invoice.status, 201, JSON.stringify(invoice.body));
      const invoiceId = invoice.body.data.object.Id;
      assert.equal(invoice.body.data.object.Balance, 1250);
      const payment = await send(run, "POST", "/qbo/Payment", {
        CustomerRef: { value: customer.Id },
        TotalAmt: 1250,
        TxnDate: "2026-03-05",
        Line: [{ Amount: 1250, LinkedTxn: [{ TxnId: invoiceId, TxnType: "Invoice" }] }],
      });
      assert.equal(payment.status, 201, JSON.stringify(payment.body));
      const paymentId = payment.body.data.object.Id;
      const paid = await send(run, "GET", `/qbo/Invoice/${invoiceId}`);
      assert.equal(paid.body.data.object.Balance, 0);

      const linked = await send(
        run,
        "DELETE",
        `/qbo/Invoice/${invoiceId}?sync_token=${paid.body.data.object.SyncToken}`,
      );
      assert.equal(linked.status, 422, "an invoice with a payment applied is not deleted");
      assert.equal(linked.body.error.code, "QB004");
      const staleVoid = await send(run, "POST", `/qbo/Payment/${paymentId}/void`, { sync_token: "7" });
      assert.equal(staleVoid.status, 409);
      assert.equal(staleVoid.body.error.details.qbo_code, "5010");
      const voided = await send(run, "POST", `/qbo/Payment/${paymentId}/void`, {
        sync_token: payment.body.data.object.SyncToken,
      });
      assert.equal(voided.status, 200, JSON.stringify(voided.body));
      assert.equal(voided.body.data.object.TotalAmt, 0);
      assert.match(voided.body.data.object.PrivateNote, /Voided/);
      const unpaid = await send(run, "GET", `/qbo/Invoice/${invoiceId}`);
      assert.equal(unpaid.body.data.object.Balance, 1250, "the voided payment no longer pays the invoice");
      const deleted = await send(
        run,
        "DELETE",
        `/qbo/Invoice/${invoiceId}?sync_token=${unpaid.body.data.object.SyncToken}`,
      );
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      assert.equal(deleted.body.data.object.status, "Deleted");
      assert.equal((await send(run, "GET", `/qbo/Invoice/${invoiceId}`)).status, 404);
      const notDeletable = await send(run, "DELETE", `/qbo/Customer/${customer.Id}?sync_token=1`);
      assert.equal(notDeletable.status, 400, "name lists are made inactive, never deleted");
      assert.equal(notDeletable.body.error.code, "VALIDATION_FAILED");

      // --- a report with QuickBooks' parameters ---------------------------------------------------
      const report = await send(run, "GET", "/qbo/reports/AgedReceivables?report_date=2026-03-31");
      assert.equal(report.status, 200, JSON.stringify(report.body));
      assert.equal(report.body.data.report.Header.ReportName, "AgedReceivables");
      assert.ok(Array.isArray(report.body.data.report.Columns.Column));
      const foreign = await send(run, "GET", "/qbo/reports/ProfitAndLoss?aging_method=Current");
      assert.equal(foreign.status, 400);
      assert.equal(foreign.body.error.details.issues[0].path, "query.aging_method");
      const badMacro = await send(run, "GET", `/qbo/reports/ProfitAndLoss?date_macro=${q("Some Day")}`);
      assert.equal(badMacro.status, 422, JSON.stringify(badMacro.body));
      assert.equal(badMacro.body.error.code, "QB004");

      // --- who is refused -------------------------------------------------------------------------
      const scoped = { property_ids: ["prop_1"] };
      for (
        const [method, path, body] of [
          ["POST", "/qbo/Customer", { DisplayName: "Scoped Sam" }],
          ["POST", `/qbo/Customer/${customer.Id}`, { SyncToken: "1", Notes: "scoped" }],
          ["GET", `/qbo/Customer/${customer.Id}`, undefined],
          ["GET", "/qbo/Customer", undefined],
        ] as const
      ) {
        const refused = await send(run, method, path, body, { claims: scoped });
        assert.equal(refused.status, 403, `${method} ${path} scoped`);
        assert.equal(refused.body.error.code, "FORBIDDEN");
        assert.equal(refused.body.error.details.reason, "needs_all_properties");
      }
      for (const role of ["accountant", "service", "viewer", "property_manager"]) {
        const write = await send(run, "POST", "/qbo/Customer", { DisplayName: `By ${role}` }, {
          claims: { role },
        });
        assert.equal(write.status, 403, role);
        assert.equal(write.body.error.details.permission, "qbo:write");
        assert.equal(write.body.error.details.reason, "role_lacks_permission");
        const reading = await send(run, "GET", `/qbo/Customer/${customer.Id}`, undefined, {
          claims: { role },
        });
        assert.equal(reading.status, ["accountant", "service"].includes(role) ? 200 : 403, role);
      }
      // API keys: a read-only key and a property-scoped one are refused on writes; a write key writes.
      const keyOf = async (scopes: string[], propertyIds: string[] | null = null) => {
        const made = await api(run, "POST", "/enterprise/api-keys", ORG, {
          name: `pass-through ${scopes.join(" ")}`,
          scopes,
          property_ids: propertyIds,
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        return { id: made.body.data.key.id as string, secret: made.body.data.secret as string };
      };
      const withKey = async (key: { secret: string }, method: string, path: string, body?: unknown) => {
        const response = await fetch(`${run.base}/api/quickbooks${path}`, {
          method,
          headers: {
            "X-API-Key": key.secret,
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: await response.json() };
      };
      const readKey = await keyOf(["qbo:read"]);
      assert.equal((await withKey(readKey, "GET", `/qbo/Customer/${customer.Id}`)).status, 200);
      const readOnly = await withKey(readKey, "POST", "/qbo/Customer", { DisplayName: "By a read key" });
      assert.equal(readOnly.status, 403);
      assert.equal(readOnly.body.error.details.reason, "key_lacks_scope");
      const scopedKey = await keyOf(["qbo:read", "qbo:write"], ["prop_1"]);
      const scopedWrite = await withKey(scopedKey, "POST", "/qbo/Customer", {
        DisplayName: "By a scoped key",
      });
      assert.equal(scopedWrite.status, 403);
      assert.equal(scopedWrite.body.error.details.reason, "needs_all_properties");
      const writeKey = await keyOf(["qbo:write"]);
      const byKey = await withKey(writeKey, "POST", "/qbo/Vendor", { DisplayName: "Key Plumbing" });
      assert.equal(byKey.status, 201, JSON.stringify(byKey.body));

      const nobody = await send(run, "GET", `/qbo/Customer?where=${q("DisplayName LIKE 'By %'")}`);
      assert.deepEqual(nobody.body.data.items, [], "no refused write reached QuickBooks");

      // --- the audit trail: every write sent, with its outcome and intuit_tid -------------------
      const trail = await api(run, "GET", "/audit-trail?action=qbo.", ORG);
      assert.equal(trail.status, 200, JSON.stringify(trail.body));
      const records = trail.body.data.items as Json[];
      assert.deepEqual(
        records.map((r) =>
          `${r.action} ${r.details.entity} ${r.details.outcome} ${r.details.qbo_code ?? ""}`.trim()
        ),
        [
          "qbo.create Customer succeeded",
          "qbo.update Customer succeeded",
          "qbo.update Customer failed 5010",
          "qbo.create Customer failed 6240",
          "qbo.create Customer failed 2010",
          "qbo.create Customer succeeded",
          "qbo.create Customer succeeded",
          "qbo.create Invoice succeeded",
          "qbo.create Payment succeeded",
          "qbo.delete Invoice failed 6000",
          "qbo.void Payment failed 5010",
          "qbo.void Payment succeeded",
          "qbo.delete Invoice succeeded",
          "qbo.create Vendor succeeded",
        ],
      );
      for (const record of records) {
        assert.ok(record.details.intuit_tid, `${record.action} carries the intuit_tid`);
        assert.equal(record.details.realm_id, target.realmId);
      }
      assert.deepEqual(
        [...new Set(records.map((r) => r.actor))],
        ["user:user-pass", `api_key:${writeKey.id}`],
        "the actor is the user, or the key",
      );
      assert.equal(records[0].target, `qbo:Customer:${customer.Id}`);
      assert.equal(records[3].target, "qbo:Customer", "a create QuickBooks refused has no id");
      assert.equal(records[5].request_id, "client-retry-1");
    } finally {
      await run.close();
    }
  },
});
