import assert from "node:assert/strict";
import { call } from "../../../support/api_call.ts";
import { SqlConnectionRepository } from "../../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlOrganizationRepository } from "../../../../adapters/persistence/repositories/organization_repository.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

const NOW = "2026-06-01T12:00:00.000Z";

async function connect(
  svc: { database: { db: ConstructorParameters<typeof SqlConnectionRepository>[0] } },
  orgId: string,
  tracking: { classTrackingEnabled: boolean; locationTrackingEnabled: boolean },
) {
  const organizations = new SqlOrganizationRepository(svc.database.db);
  if (!await organizations.get(orgId)) await organizations.create({ id: orgId, name: orgId, createdAt: NOW });
  await new SqlConnectionRepository(svc.database.db).save({
    id: `conn-${orgId}`,
    orgId,
    realmId: "9341452000000001",
    companyName: "Maple Holdings LLC",
    status: "connected",
    encryptedTokens: null,
    accessTokenExpiresAt: null,
    refreshTokenExpiresAt: null,
    refreshTokenHardExpiresAt: null,
    isDefault: true,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastErrorAt: null,
    connectedAt: NOW,
    ...tracking,
  }, NOW);
}

Deno.test("registerSettingsRoutes GET answers defaults, PUT merges changes and bumps the version", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const initial = await call(svc.app, "GET", "/settings/sync", h);
    assert.equal(initial.status, 200);
    assert.equal(initial.body.data.sync_interval_minutes, 60);
    assert.equal(initial.body.data.conflict_resolution, "manual");
    assert.equal(initial.body.data.batch_size, 30);
    assert.equal(initial.body.data.version, 0);
    assert.equal(initial.body.data.record_types.length, 9);

    const put = await call(svc.app, "PUT", "/settings/sync", h, {
      auto_sync_enabled: true,
      sync_interval_minutes: 15,
      conflict_resolution: "timestamp_based",
      property_tracking: "class",
      sync_start_date: "2026-01-01",
      record_types: ["tenant", "charge", "payment"],
    });
    assert.equal(put.status, 200);
    assert.equal(put.body.data.version, 1);
    assert.equal(
      put.body.data.validated_against_company,
      false,
      "no connection yet: accepted, not validated",
    );
    assert.equal(put.body.data.realm_id, null);

    const second = await call(svc.app, "PUT", "/settings/sync", h, { batch_size: 10 });
    assert.equal(second.body.data.version, 2);
    assert.equal(second.body.data.batch_size, 10);
    assert.equal(second.body.data.sync_interval_minutes, 15, "fields not sent are kept");
    assert.deepEqual(second.body.data.record_types, ["tenant", "charge", "payment"]);

    const other = await call(svc.app, "GET", "/settings/sync", await authHeader("org-b", "admin"));
    assert.equal(other.body.data.version, 0, "org B never sees org A's settings");
    assert.equal(other.body.data.auto_sync_enabled, false);
  } finally {
    await svc.close();
  }
});

Deno.test("registerSettingsRoutes PUT rejects out-of-range and unknown settings with field paths", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const cases: [Record<string, unknown>, string][] = [
      [{ sync_interval_minutes: 4 }, "json.sync_interval_minutes"],
      [{ sync_interval_minutes: 1441 }, "json.sync_interval_minutes"],
      [{ batch_size: 31 }, "json.batch_size"],
      [{ batch_size: 0 }, "json.batch_size"],
      [{ conflict_resolution: "newest" }, "json.conflict_resolution"],
      [{ property_tracking: "tag" }, "json.property_tracking"],
      [{ sync_start_date: "2026-02-30" }, "json.sync_start_date"],
      [{ record_types: ["tenant", "tenant"] }, "json.record_types"],
      [{ record_types: [] }, "json.record_types"],
      [{ display_name_template: "{first_name} {unit}" }, "json.display_name_template"],
      [{ unit_tracking: "sub_class", property_tracking: "parent_customer" }, "json.unit_tracking"],
    ];
    for (const [body, path] of cases) {
      const res = await call(svc.app, "PUT", "/settings/sync", h, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error?.code, "VALIDATION_FAILED");
      assert.ok(
        res.body.error?.details.issues.some((i: { path: string }) => i.path === path),
        `${JSON.stringify(body)} -> ${JSON.stringify(res.body.error?.details)}`,
      );
    }
    const unknown = await call(svc.app, "PUT", "/settings/sync", h, { conflict_policy: "manual" });
    assert.equal(unknown.status, 400, "a misspelt setting is rejected, not ignored");
    const viewer = await call(svc.app, "PUT", "/settings/sync", await authHeader("org-a", "viewer"), {
      batch_size: 5,
    });
    assert.equal(viewer.status, 403);
    assert.equal(viewer.body.error?.code, "FORBIDDEN");
    assert.equal((await call(svc.app, "GET", "/settings/sync", h)).body.data.version, 0, "nothing was saved");
  } finally {
    await svc.close();
  }
});

Deno.test("registerSettingsRoutes PUT checks tracking against the connected company", async () => {
  const svc = await startTestService();
  try {
    await connect(svc, "org-a", { classTrackingEnabled: false, locationTrackingEnabled: true });
    const h = await authHeader("org-a", "admin");
    const classOff = await call(svc.app, "PUT", "/settings/sync", h, { property_tracking: "class" });
    assert.equal(classOff.status, 400);
    assert.equal(classOff.body.error?.code, "VALIDATION_FAILED");
    assert.match(classOff.body.error!.message, /Settings > Advanced > Categories/);
    assert.match(classOff.body.error!.message, /Track classes/);
    assert.equal(classOff.body.error?.details.issues[0].path, "json.property_tracking");
    assert.equal(classOff.body.error?.details.realm_id, "9341452000000001");

    // The default tracking (class) is off in this company: a change of another field still saves.
    const other = await call(svc.app, "PUT", "/settings/sync", h, { auto_sync_enabled: true });
    assert.equal(other.status, 200, JSON.stringify(other.body.error));
    assert.equal(other.body.data.auto_sync_enabled, true);

    const location = await call(svc.app, "PUT", "/settings/sync", h, { property_tracking: "location" });
    assert.equal(location.status, 200);
    assert.equal(location.body.data.validated_against_company, true);
    assert.equal(location.body.data.realm_id, "9341452000000001");

    await connect(svc, "org-b", { classTrackingEnabled: true, locationTrackingEnabled: false });
    const hb = await authHeader("org-b", "admin");
    const locationOff = await call(svc.app, "PUT", "/settings/sync", hb, { property_tracking: "location" });
    assert.equal(locationOff.status, 400);
    assert.match(locationOff.body.error!.message, /Track locations/);
    assert.equal(
      (await call(svc.app, "PUT", "/settings/sync", hb, { property_tracking: "class" })).status,
      200,
    );
    const parent = await call(svc.app, "PUT", "/settings/sync", hb, { property_tracking: "parent_customer" });
    assert.equal(parent.status, 200, "parent customers need no QuickBooks feature");
  } finally {
    await svc.close();
  }
});

Deno.test("registerSettingsRoutes mapping rules: defaults, a saved change, refusals with codes, a preview", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const initial = await call(svc.app, "GET", "/settings/mapping-rules", h);
    assert.equal(initial.status, 200);
    assert.deepEqual(initial.body.data, { rules: { custom_fields: [] }, version: 0, updated_at: null });

    const rules = {
      invoice_memo_template: "Rent {billing_period} for unit {unit_number}",
      custom_fields: [{ definition_id: "2", name: "Unit", value: "{unit_number}", transforms: ["upper"] }],
    };
    const put = await call(svc.app, "PUT", "/settings/mapping-rules", h, rules);
    assert.equal(put.status, 200);
    assert.equal(put.body.data.version, 1);
    assert.deepEqual(put.body.data.rules, rules);

    const cases: [unknown, string][] = [
      [{ ...rules, memo_template: "x" }, ""],
      [{ invoice_memo_template: "{tenant_nickname}" }, "invoice_memo_template"],
      [{ custom_fields: [{ definition_id: "1", name: "x".repeat(32), value: "v" }] }, "custom_fields.0.name"],
      [{ custom_fields: [{ definition_id: "1", name: "Unit", value: "v", transforms: ["shout"] }] }, ""],
      [{
        custom_fields: ["1", "2", "3", "4"].map((id) => ({ definition_id: id, name: `F${id}`, value: "v" })),
      }, ""],
    ];
    for (const [body, path] of cases) {
      const res = await call(svc.app, "PUT", "/settings/mapping-rules", h, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error?.code, "VALIDATION_FAILED", JSON.stringify(res.body));
      if (path) {
        assert.ok(
          JSON.stringify(res.body.error?.details).includes(path),
          `${JSON.stringify(body)} -> ${JSON.stringify(res.body.error?.details)}`,
        );
      }
    }
    const viewer = await authHeader("org-a", "viewer");
    assert.equal((await call(svc.app, "GET", "/settings/mapping-rules", viewer)).status, 200);
    const refused = await call(svc.app, "PUT", "/settings/mapping-rules", viewer, rules);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error?.code, "FORBIDDEN");
    assert.equal(
      (await call(svc.app, "GET", "/settings/mapping-rules", h)).body.data.version,
      1,
      "nothing else saved",
    );

    const missing = await call(svc.app, "POST", "/settings/mapping-rules/preview", h, {
      record_type: "vendor",
      record_id: "v-none",
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error?.code, "NOT_FOUND");
    const unknownField = await call(svc.app, "POST", "/settings/mapping-rules/preview", h, {
      record_type: "vendor",
      record_id: "v1",
      dry: true,
    });
    assert.equal(unknownField.status, 400, "a field the preview does not know is refused, not ignored");

    await call(svc.app, "POST", "/records/bulk", h, {
      records: [{ type: "vendor", data: { id: "v1", name: "Acme Plumbing" } }],
    });
    const preview = await call(svc.app, "POST", "/settings/mapping-rules/preview", h, {
      record_type: "vendor",
      record_id: "v1",
    });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.data.record_id, "v1");
    assert.deepEqual(preview.body.data.rules, rules, "the stored rules were rendered");
    assert.equal(preview.body.data.realm_id, null, "no company connected yet");
    assert.deepEqual(preview.body.data.not_mapped, []);
    const [vendor] = preview.body.data.objects;
    assert.deepEqual([vendor.entity_type, vendor.operation, vendor.quickbooks_id], [
      "Vendor",
      "create",
      null,
    ]);
    assert.equal(vendor.payload.DisplayName, "Acme Plumbing");
    assert.deepEqual(vendor.sends, vendor.payload, "a create sends the whole payload");
    assert.deepEqual(vendor.changed_by_rules, [], "invoice rules do not touch a vendor");
  } finally {
    await svc.close();
  }
});
