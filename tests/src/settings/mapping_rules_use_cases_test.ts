/**
 * Mapping rules a user sets (issue 12): validated and audited, previewed against a stored record with
 * what the next push would send (the push's own planner), and a change makes the next push rewrite
 * exactly the objects whose rendered payload changed.
 */
import assert from "node:assert/strict";
import type { Caller } from "../../../domain/access/caller.ts";
import type { NewAuditRecord } from "../../../domain/ports/audit_log.ts";
import { isDomainError } from "../../../domain/errors.ts";
import type { QuickBooksConnection } from "../../../domain/ports/connection_repository.ts";
import { emulatorAccountMapping, samplePortfolio } from "../../../src/demo/sample_portfolio.ts";
import {
  getMappingRules,
  previewMappingRules,
  putMappingRules,
} from "../../../src/settings/mapping_rules_use_cases.ts";
import { pushPortfolio } from "../../../src/sync/push_portfolio.ts";
import { startQboHarness } from "../../support/qbo_harness.ts";

const NOW = "2026-06-01T00:00:00.000Z";
const admin: Caller = { orgId: "org-1", userId: "u-admin", role: "admin" };
const MEMO = { invoice_memo_template: "Lease {lease_id} for {billing_period}" };

async function setup() {
  const h = await startQboHarness();
  const records = samplePortfolio({ properties: 2, unitsPerProperty: 2, months: 2 });
  await h.mirror.upsertMany("org-1", records, NOW);
  await h.mappings.putDefaults("org-1", await emulatorAccountMapping((n) => h.accountId(n)), NOW);
  const company = {
    id: "conn-1",
    orgId: "org-1",
    realmId: h.realmId,
    status: "connected",
    isDefault: true,
    classTrackingEnabled: true,
    locationTrackingEnabled: true,
  } as QuickBooksConnection;
  const audits: NewAuditRecord[] = [];
  const deps = {
    ...h,
    connections: {
      get: (_org: string, realm: string) => Promise.resolve(realm === h.realmId ? company : null),
      getDefault: () => Promise.resolve(company),
    },
    clock: { now: () => new Date(NOW) },
    audit: (record: NewAuditRecord) => {
      if (!record.action.startsWith("qbo.")) audits.push(record); // the push's own records are tested elsewhere
      return Promise.resolve();
    },
  };
  const first = await pushPortfolio(deps, h.target);
  assert.deepEqual(first.failed, []);
  const charge = records.find((r) => r.recordType === "charge")!;
  const tenant = records.find((r) => r.recordType === "tenant")!;
  const invoices = (await h.links.listForRealm("org-1", h.realmId)).filter((l) => l.entityType === "Invoice");
  return { h, deps, audits, charge, tenant, invoices };
}

Deno.test({
  name:
    "mapping rules: preview shows the next push's body; saving is audited; the next push rewrites only the invoices",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { h, deps, audits, charge, tenant, invoices } = await setup();
    try {
      assert.deepEqual(await getMappingRules(deps, admin), {
        rules: { custom_fields: [] },
        version: 0,
        updatedAt: null,
      });
      const proposed = {
        ...MEMO,
        custom_fields: [{ definition_id: "1", name: "Unit", value: "{unit_number}", transforms: ["upper"] }],
      };
      const tried = await previewMappingRules(deps, admin, {
        recordType: "charge",
        recordId: charge.recordId,
        rules: proposed,
      });
      assert.equal(tried.realmId, h.realmId);
      assert.equal(tried.objects.length, 1);
      const [invoice] = tried.objects;
      assert.equal(invoice.entityType, "Invoice");
      assert.equal(invoice.operation, "update");
      assert.ok(invoice.quickbooksId, "the invoice is already in QuickBooks");
      assert.deepEqual(invoice.changedByRules, ["CustomField", "CustomerMemo"]);
      const memo = (invoice.payload.CustomerMemo as { value: string }).value;
      assert.match(memo, /^Lease \S+ for \d{4}-\d{2}$/);
      assert.deepEqual(invoice.sends?.CustomerMemo, { value: memo }, "the update carries the new memo");
      assert.deepEqual(
        (invoice.sends?.CustomField as { DefinitionId: string; Name: string }[]).map((
          f,
        ) => [f.DefinitionId, f.Name]),
        [["1", "Unit"]],
      );
      assert.equal(invoice.sends?.Line, undefined, "a sparse update sends only what changed");

      const stored = await previewMappingRules(deps, admin, {
        recordType: "charge",
        recordId: charge.recordId,
      });
      assert.equal(
        stored.objects[0].operation,
        "none",
        "the stored (default) rules are what QuickBooks holds",
      );
      assert.equal(stored.objects[0].sends, null);
      const tenantPreview = await previewMappingRules(deps, admin, {
        recordType: "tenant",
        recordId: tenant.recordId,
        rules: proposed,
      });
      assert.deepEqual(tenantPreview.objects.map((o) => [o.entityType, o.operation]), [["Customer", "none"]]);
      assert.equal(audits.length, 0, "previews write nothing");

      const saved = await putMappingRules(deps, admin, proposed, "req-rules");
      assert.equal(saved.version, 1);
      assert.deepEqual(audits.map((a) => [a.action, a.actor, a.requestId, a.details]), [
        ["settings.mapping_rules_updated", "user:u-admin", "req-rules", {
          version: 1,
          changed: ["custom_fields", "invoice_memo_template"],
        }],
      ]);

      const second = await pushPortfolio(deps, h.target);
      assert.deepEqual(second.failed, []);
      assert.equal(second.writes, invoices.length, "every invoice, and nothing else, is rewritten");
      const object = await h.gateway.read(h.target, "Invoice", invoice.quickbooksId!) as Record<
        string,
        unknown
      >;
      assert.deepEqual(object.CustomerMemo, { value: memo });
      assert.equal((await pushPortfolio(deps, h.target)).writes, 0, "a third push writes nothing");
      const after = await previewMappingRules(deps, admin, {
        recordType: "charge",
        recordId: charge.recordId,
      });
      assert.equal(after.objects[0].operation, "none");

      await putMappingRules(deps, admin, { ...proposed, custom_fields: [] }, "req-2");
      assert.deepEqual(audits.at(-1)?.details, { version: 2, changed: ["custom_fields"] });
      const dropped = await previewMappingRules(deps, admin, {
        recordType: "charge",
        recordId: charge.recordId,
      });
      assert.equal(
        dropped.objects[0].operation,
        "none",
        "a rule taken away stops filling the field; a sparse update leaves what QuickBooks holds",
      );
      assert.equal((await pushPortfolio(deps, h.target)).writes, 0);
      const kept = await h.gateway.read(h.target, "Invoice", invoice.quickbooksId!) as Record<
        string,
        unknown
      >;
      assert.deepEqual(
        (kept.CustomField as { DefinitionId: string; StringValue?: string }[]).map((
          f,
        ) => [f.DefinitionId, f.StringValue]),
        [["1", String((invoice.sends?.CustomField as { StringValue: string }[])[0].StringValue)]],
      );
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "mapping rules: bad rules, unknown records, other properties and other roles are refused with codes",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { h, deps, audits, charge } = await setup();
    try {
      const refused = (code: string, field?: string) => (e: unknown) =>
        isDomainError(e) && e.code === code && (field === undefined || e.details.field === field);
      await assert.rejects(
        putMappingRules(deps, admin, { invoice_memo_template: "Lease {lease}" }, null),
        refused("VALIDATION_FAILED", "invoice_memo_template"),
      );
      await assert.rejects(
        putMappingRules(deps, admin, {
          custom_fields: [{ definition_id: "1", name: "A name longer than thirty-one chars", value: "x" }],
        }, null),
        refused("VALIDATION_FAILED", "custom_fields.0.name"),
      );
      await assert.rejects(putMappingRules(deps, admin, { memo: "x" }, null), refused("VALIDATION_FAILED"));
      await assert.rejects(
        previewMappingRules(deps, admin, {
          recordType: "charge",
          recordId: charge.recordId,
          rules: { custom: 1 },
        }),
        refused("VALIDATION_FAILED"),
      );
      assert.equal(await h.mappingRules.get("org-1"), null, "nothing was stored");
      assert.equal(audits.length, 0);

      await assert.rejects(
        previewMappingRules(deps, admin, { recordType: "charge", recordId: "chg_none" }),
        refused("NOT_FOUND"),
      );
      await assert.rejects(
        previewMappingRules(deps, admin, { recordType: "charge", recordId: charge.recordId, realmId: "999" }),
        refused("NOT_FOUND"),
      );
      const otherProperty: Caller = {
        orgId: "org-1",
        userId: "u-pm",
        role: "property_manager",
        propertyIds: ["prop_elsewhere"],
      };
      await assert.rejects(
        previewMappingRules(deps, otherProperty, { recordType: "charge", recordId: charge.recordId }),
        refused("FORBIDDEN"),
      );
      const viewer: Caller = { orgId: "org-1", userId: "u-v", role: "viewer" };
      await assert.rejects(putMappingRules(deps, viewer, MEMO, null), refused("FORBIDDEN"));
      const otherOrg: Caller = { ...admin, orgId: "org-2" };
      await assert.rejects(
        previewMappingRules(deps, otherOrg, { recordType: "charge", recordId: charge.recordId }),
        refused("NOT_FOUND"),
        "another organization's record does not exist for the caller",
      );

      await h.mirror.markDeleted("org-1", "charge", charge.recordId, NOW);
      const deleted = await previewMappingRules(deps, admin, {
        recordType: "charge",
        recordId: charge.recordId,
      });
      assert.equal(deleted.objects.every((o) => o.operation !== "create"), true);
    } finally {
      await h.close();
    }
  },
});
