import assert from "node:assert/strict";
import { call, type Json } from "../../../support/api_call.ts";
import { api, connect, type Running, startService, token } from "../../../support/e2e_service.ts";

/** The company's accounts through the API, by name. */
async function chart(run: Running, h: Record<string, string>): Promise<Map<string, Json>> {
  const res = await call(run.service.app, "GET", "/accounts?limit=500", h);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return new Map(res.body.data.items.map((a: Json) => [a.name, a]));
}

async function connectedOrg(run: Running, org: string) {
  assert.equal((await api(run, "PUT", "/organization", org, { name: org })).status, 201);
  const connected = await connect(run, org);
  assert.equal(connected.status, 200, JSON.stringify(connected.body));
  const h = { Authorization: `Bearer ${await token(org, "accountant")}` };
  return { h, realmId: connected.callback.searchParams.get("realmId")!, accounts: await chart(run, h) };
}

Deno.test({
  name:
    "PUT /mappings refuses accounts the connected company does not have, has deactivated, or of the wrong type",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const app = run.service.app;
      const { h, realmId, accounts } = await connectedOrg(run, "org-check");
      const id = (name: string) => accounts.get(name)!.id as string;

      // The symptom of issue 12: account "99999" used to be accepted and block the next sync with QB004 2500.
      const missing = await call(app, "PUT", "/mappings/default", h, {
        accounts: { rental_income: "99999" },
      });
      assert.equal(missing.status, 422);
      assert.equal(missing.body.error?.code, "MAPPING_ACCOUNT_INVALID");
      assert.equal(missing.body.error?.details.realm_id, realmId);
      assert.deepEqual(missing.body.error?.details.problems, [{
        property_id: null,
        purpose: "rental_income",
        expense_category: null,
        account_id: "99999",
        reason: "not_found",
        expected: [{ account_type: "Income" }, { account_type: "Other Income" }],
        actual: null,
      }]);
      assert.match(missing.body.error?.message, /rental_income -> account 99999: not_found/);
      assert.equal((await call(app, "GET", "/mappings", h)).body.data.version, null, "nothing was stored");

      // A deposit is never income: the liability purpose refuses an income account.
      const wrongType = await call(app, "PUT", "/mappings/default", h, {
        accounts: { security_deposit_liability: id("Rental Income"), rental_income: id("Rental Income") },
        expense_accounts: { utilities: id("Checking") },
      });
      assert.equal(wrongType.status, 422);
      const problems = wrongType.body.error?.details.problems;
      assert.deepEqual(problems.map((p: Json) => [p.purpose, p.expense_category, p.reason]), [
        ["security_deposit_liability", null, "wrong_type"],
        ["expense", "utilities", "wrong_type"],
      ]);
      assert.deepEqual(problems[0].expected, [
        { account_type: "Other Current Liability" },
        { account_type: "Long Term Liability" },
      ]);
      assert.equal(problems[0].actual.account_type, "Income");

      // Deactivated in QuickBooks after the chart was cached: the check looks again before refusing.
      const gateway = run.service.quickbooks.gateway;
      const target = { orgId: "org-check", realmId };
      const savings = await gateway.read(target, "Account", id("Savings"));
      const off = await gateway.writeBatch(target, [{
        key: "off",
        entityName: "Account",
        operation: "update",
        payload: { Id: id("Savings"), SyncToken: savings!.SyncToken, sparse: true, Active: false },
      }], "mappings-validation-test-off");
      assert.ok(off.results[0].ok);
      const inactive = await call(app, "PUT", "/mappings/default", h, {
        accounts: { operating_bank: id("Savings") },
      });
      assert.equal(inactive.status, 422);
      assert.equal(inactive.body.error?.details.problems[0].reason, "inactive");

      // Created in QuickBooks a moment ago: found, accepted.
      const created = await gateway.writeBatch(target, [{
        key: "new",
        entityName: "Account",
        operation: "create",
        payload: { Name: "Parking Income", AccountType: "Income" },
      }], "mappings-validation-test-new");
      assert.ok(created.results[0].ok);
      const parkingId = String((created.results[0] as { object: Json }).object.Id);

      const good = {
        accounts: {
          rental_income: id("Rental Income"),
          late_fee_income: id("Late Fee Income"),
          other_income: parkingId,
          security_deposit_liability: id("Security Deposits Liability"),
          accounts_receivable: id("Accounts Receivable (A/R)"),
          undeposited_funds: id("Undeposited Funds"),
          operating_bank: id("Checking"),
          accounts_payable: id("Accounts Payable (A/P)"),
        },
        expense_accounts: { utilities: id("Utilities") },
      };
      const saved = await call(app, "PUT", "/mappings/default", h, good);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.data.version, 1);
      assert.equal(saved.body.data.validation.state, "valid");
      assert.equal(saved.body.data.validation.realm_id, realmId);
      assert.deepEqual(saved.body.data.validation.problems, []);
      assert.ok(saved.body.data.validation.checked_at);

      // A property override is checked the same way and names its property.
      const override = await call(app, "PUT", "/mappings/properties/p9", h, {
        accounts: { accounts_receivable: id("Utilities") },
      });
      assert.equal(override.status, 422);
      assert.deepEqual(
        override.body.error?.details.problems.map((p: Json) => [p.property_id, p.purpose, p.reason]),
        [["p9", "accounts_receivable", "wrong_type"]],
      );
      const fine = await call(app, "PUT", "/mappings/properties/p9", h, {
        accounts: { undeposited_funds: id("Checking") },
      });
      assert.equal(fine.status, 200, "payments may go straight to the bank");
      assert.equal(fine.body.data.validation.state, "valid");

      const status = await call(app, "GET", "/status", h);
      assert.equal(status.body.data.mapping_validation.state, "valid");
      assert.equal(status.body.data.mapping_validation.realm_id, realmId);
      const audit = await call(app, "GET", "/audit", { Authorization: `Bearer ${await token("org-check")}` });
      const updated = audit.body.data.find((r: Json) => r.action === "mapping.defaults_updated");
      assert.equal(updated.details.validated_against_realm, realmId);
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name:
    "a mapping saved with no company connected is accepted unchecked, then checked at connect and flagged",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const app = run.service.app;
      const org = "org-later";
      assert.equal((await api(run, "PUT", "/organization", org, { name: org })).status, 201);
      const h = { Authorization: `Bearer ${await token(org, "accountant")}` };

      const early = await call(app, "PUT", "/mappings/default", h, { accounts: { rental_income: "99999" } });
      assert.equal(early.status, 200, JSON.stringify(early.body));
      assert.deepEqual(early.body.data.validation, {
        state: "unchecked",
        realm_id: null,
        checked_at: null,
        problems: [],
      });
      assert.equal((await call(app, "GET", "/status", h)).body.data.mapping_validation.state, "unchecked");

      const connected = await connect(run, org);
      assert.equal(connected.status, 200);
      const realmId = connected.callback.searchParams.get("realmId")!;
      assert.equal(connected.body.data.mapping_validation.state, "invalid", "the callback says so at once");

      const status = await call(app, "GET", "/status", h);
      const validation = status.body.data.mapping_validation;
      assert.equal(validation.state, "invalid");
      assert.equal(validation.realm_id, realmId);
      assert.deepEqual(validation.problems.map((p: Json) => [p.purpose, p.account_id, p.reason]), [
        ["rental_income", "99999", "not_found"],
      ]);
      const mappings = await call(app, "GET", "/mappings", h);
      assert.deepEqual(mappings.body.data.validation, validation);
      const named = await call(app, "GET", `/mappings?realm_id=${realmId}`, h);
      assert.deepEqual(named.body.data.validation, validation);
      assert.equal((await call(app, "GET", "/mappings?realm_id=123", h)).status, 404);

      // Fixing it clears the flag.
      const accounts = await chart(run, h);
      const fixed = await call(app, "PUT", "/mappings/default", h, {
        accounts: { rental_income: accounts.get("Rental Income")!.id },
      });
      assert.equal(fixed.status, 200);
      assert.equal(fixed.body.data.validation.state, "valid");
      assert.equal((await call(app, "GET", "/status", h)).body.data.mapping_validation.state, "valid");
    } finally {
      await run.close();
    }
  },
});
