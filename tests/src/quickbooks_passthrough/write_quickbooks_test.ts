import assert from "node:assert/strict";
import { domainRejection } from "../../support/rejection.ts";
import { writeQuickBooks } from "../../../src/quickbooks_passthrough/write_quickbooks.ts";
import { ADMIN, NOW, ORG, startPassThroughStack } from "./passthrough_stack.ts";

const options = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  ...options,
  name:
    "writeQuickBooks: each write sent is audited with entity, id, intuit_tid and outcome; QBO's fault is rethrown",
  async fn() {
    const { deps, audited, h, close } = await startPassThroughStack();
    try {
      const created = await writeQuickBooks(deps, ADMIN, {
        operation: "create",
        entity: "Customer",
        body: { DisplayName: "Ann Audit" },
      }, "req-1");
      const id = String(created.object.Id);
      assert.equal(created.realmId, h.realmId);
      assert.ok(created.intuitTid);
      assert.deepEqual(audited[0], {
        orgId: ORG,
        at: NOW.toISOString(),
        actor: "user:u-admin",
        action: "qbo.create",
        target: `qbo:Customer:${id}`,
        details: {
          entity: "Customer",
          id,
          realm_id: h.realmId,
          outcome: "succeeded",
          intuit_tid: created.intuitTid,
          sync_token: "0",
          quickbooks_request_id: created.quickbooksRequestId,
        },
        requestId: "req-1",
      });

      const stale = await domainRejection(writeQuickBooks(deps, ADMIN, {
        operation: "update",
        entity: "Customer",
        id,
        body: { SyncToken: "4", Notes: "late" },
      }, "req-2"));
      assert.equal(stale.code, "QB005");
      assert.equal(stale.details.qbo_code, "5010");
      const failed = audited[1];
      assert.equal(failed.action, "qbo.update");
      assert.equal(failed.target, `qbo:Customer:${id}`);
      assert.deepEqual(
        { ...failed.details, quickbooks_request_id: undefined },
        {
          entity: "Customer",
          id,
          realm_id: h.realmId,
          outcome: "failed",
          code: "QB005",
          qbo_code: "5010",
          intuit_tid: stale.details.intuit_tid,
          quickbooks_request_id: undefined,
        },
      );
      assert.ok(stale.details.intuit_tid);

      const duplicate = await domainRejection(writeQuickBooks(deps, ADMIN, {
        operation: "create",
        entity: "Customer",
        body: { DisplayName: "Ann Audit" },
      }, "req-3"));
      assert.equal(duplicate.code, "QB004");
      assert.equal(audited[2].target, "qbo:Customer", "a refused create has no id");
      assert.equal(audited[2].details.id, null);
      assert.equal(audited[2].details.qbo_code, "6240");
    } finally {
      await close();
    }
  },
});

Deno.test({
  ...options,
  name: "writeQuickBooks: the same request id and body write once; another request id writes again",
  async fn() {
    const { deps, h, close } = await startPassThroughStack();
    try {
      const write = {
        operation: "create" as const,
        entity: "Vendor" as const,
        body: { DisplayName: "Bo Plumbing" },
      };
      const first = await writeQuickBooks(deps, ADMIN, write, "client-key-1");
      const retry = await writeQuickBooks(deps, ADMIN, write, "client-key-1");
      assert.equal(retry.object.Id, first.object.Id);
      assert.equal(retry.quickbooksRequestId, first.quickbooksRequestId);
      const other = await domainRejection(writeQuickBooks(deps, ADMIN, write, "client-key-2"));
      assert.equal(
        other.details.qbo_code,
        "6240",
        "a new request id is a new write (QBO refuses the name twice)",
      );
      const vendors = await h.gateway.query(h.target, {
        entityName: "Vendor",
        where: [{ field: "DisplayName", operator: "=", value: "Bo Plumbing" }],
      });
      assert.equal(vendors.length, 1);
    } finally {
      await close();
    }
  },
});

Deno.test({
  ...options,
  name:
    "writeQuickBooks: a property-scoped caller, a role without qbo:write and a bad body send and audit nothing",
  async fn() {
    const { deps, audited, h, close } = await startPassThroughStack();
    try {
      const before = h.calls.total;
      const body = { DisplayName: "Nobody" };
      const scoped = await domainRejection(writeQuickBooks(deps, { ...ADMIN, propertyIds: ["prop_1"] }, {
        operation: "create",
        entity: "Customer",
        body,
      }, "r"));
      assert.deepEqual([scoped.code, scoped.details.reason], ["FORBIDDEN", "needs_all_properties"]);
      const accountant = await domainRejection(writeQuickBooks(deps, { ...ADMIN, role: "accountant" }, {
        operation: "create",
        entity: "Customer",
        body,
      }, "r"));
      assert.deepEqual([accountant.code, accountant.details.reason], ["FORBIDDEN", "role_lacks_permission"]);
      const invalid = await domainRejection(writeQuickBooks(deps, ADMIN, {
        operation: "update",
        entity: "Customer",
        id: "1",
        body: { Notes: "no SyncToken" },
      }, "r"));
      assert.equal(invalid.code, "VALIDATION_FAILED");
      const elsewhere = await domainRejection(writeQuickBooks(deps, ADMIN, {
        operation: "create",
        entity: "Customer",
        body,
        realmId: "123",
      }, "r"));
      assert.equal(elsewhere.code, "NOT_FOUND");
      assert.equal(h.calls.total, before);
      assert.deepEqual(audited, []);
    } finally {
      await close();
    }
  },
});
