import assert from "node:assert/strict";
import { compactVerify, createLocalJWKSet } from "jose";
import { API_BASE, call } from "../../../support/api_call.ts";
import { authHeader, startTestService } from "../../../support/service.ts";
import { canonicalJson } from "../../../../domain/shared/canonical_json.ts";
import { scopedHeader } from "../../../support/route_checks.ts";

const sha256 = async (text: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))))
    .map((b) => b.toString(16).padStart(2, "0")).join("");

/** A few audited changes of org-a: settings, mapping defaults and a property mapping, a rename. */
async function someHistory(app: Parameters<typeof call>[0], h: Record<string, string>) {
  assert.equal((await call(app, "PUT", "/settings/sync", h, { batch_size: 10 })).status, 200);
  assert.equal(
    (await call(app, "PUT", "/mappings/default", h, { accounts: { rental_income: "1" } })).status,
    200,
  );
  assert.equal(
    (await call(app, "PUT", "/mappings/properties/p1", h, { accounts: { rental_income: "2" } })).status,
    200,
  );
  assert.equal(
    (await call(app, "PUT", "/mappings/properties/p2", h, { accounts: { rental_income: "3" } })).status,
    200,
  );
  assert.equal((await call(app, "PUT", "/organization", h, { name: "Renamed" })).status, 200);
}

Deno.test("audit trail routes: filters and pages, a signed checkpoint verifies with the JWKS and against the trail", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    await someHistory(svc.app, h);
    const all = await call(svc.app, "GET", "/audit-trail", h);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    const actions = all.body.data.items.map((r: { action: string }) => r.action);
    assert.ok(
      actions.includes("settings.sync_updated") && actions.includes("mapping.property_updated"),
      actions,
    );
    assert.deepEqual(
      all.body.data.items.map((r: { seq: number }) => r.seq),
      actions.map((_: string, i: number) => i + 1),
    );
    const mapping = await call(svc.app, "GET", "/audit-trail?action=mapping.&limit=2", h);
    assert.deepEqual(mapping.body.data.items.map((r: { action: string }) => r.action), [
      "mapping.defaults_updated",
      "mapping.property_updated",
    ]);
    const next = await call(
      svc.app,
      "GET",
      `/audit-trail?action=mapping.&after_seq=${mapping.body.data.next_cursor}`,
      h,
    );
    assert.deepEqual(next.body.data.items.map((r: { target: string }) => r.target), ["property:p2"]);
    assert.equal(next.body.data.next_cursor, null);
    const byTarget = await call(svc.app, "GET", "/audit-trail?target_type=property&target_id=p1", h);
    assert.deepEqual(byTarget.body.data.items.map((r: { target: string }) => r.target), ["property:p1"]);
    const scoped = await call(
      svc.app,
      "GET",
      "/audit-trail?action=mapping.property_updated",
      await scopedHeader("org-a", "admin", ["p1"]),
    );
    assert.deepEqual(
      scoped.body.data.items.map((r: { target: string }) => r.target),
      ["property:p1"],
      "never p2's",
    );
    const unknown = await call(svc.app, "GET", "/audit-trail?acton=x", h);
    assert.equal(unknown.status, 400, "a misspelt filter is refused, not ignored");
    assert.equal((await call(svc.app, "GET", "/audit-trail?from=yesterday", h)).status, 400);
    const other = await call(svc.app, "GET", "/audit-trail", await authHeader("org-b", "admin"));
    assert.deepEqual(
      other.body.data.items.map((r: { org_id: string; action: string }) => [r.org_id, r.action]),
      [["org-b", "organization.registered"]],
      "org B sees its own trail, never org A's",
    );

    const made = await call(svc.app, "POST", "/audit-trail/checkpoints", h);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const checkpoint = made.body.data;
    assert.equal(checkpoint.seq, all.body.data.items.length);
    assert.equal(checkpoint.hash, all.body.data.items.at(-1).hash);
    assert.equal(checkpoint.purpose, "on_demand");
    const again = await call(svc.app, "POST", "/audit-trail/checkpoints", h);
    assert.equal(again.body.data.jws, checkpoint.jws, "the trail did not move: the same checkpoint");

    const keys = await (await svc.app.request(`${API_BASE}/audit-trail/keys`)).json();
    assert.equal(keys.keys[0].alg, "EdDSA");
    const { payload } = await compactVerify(checkpoint.jws, createLocalJWKSet(keys));
    assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), {
      at: checkpoint.at,
      hash: checkpoint.hash,
      org: "org-a",
      purpose: "on_demand",
      seq: checkpoint.seq,
    });

    await call(svc.app, "PUT", "/settings/sync", h, { batch_size: 12 });
    const verified = await call(svc.app, "POST", "/audit-trail/verify", h, { checkpoint: checkpoint.jws });
    assert.equal(verified.status, 200);
    assert.equal(verified.body.data.valid, true, JSON.stringify(verified.body.data));
    assert.equal(verified.body.data.verified, checkpoint.seq + 1);
    const foreign = await call(svc.app, "POST", "/audit-trail/verify", await authHeader("org-b", "admin"), {
      checkpoint: checkpoint.jws,
    });
    assert.equal(foreign.body.data.valid, false);
    assert.equal(foreign.body.data.reason, "checkpoint_other_organization");
    const bad = await call(svc.app, "POST", "/audit-trail/verify", h, { checkpoint: "x.y.z", extra: 1 });
    assert.equal(bad.status, 400);
    const range = await call(svc.app, "POST", "/audit-trail/verify", h, { from_seq: 3, to_seq: 2 });
    assert.equal(range.status, 400);
    assert.equal(range.body.error?.code, "VALIDATION_FAILED");
    const listed = await call(svc.app, "GET", "/audit-trail/checkpoints", h);
    assert.deepEqual(listed.body.data.map((c: { jws: string }) => c.jws), [checkpoint.jws]);
  } finally {
    await svc.close();
  }
});

Deno.test("audit trail export: NDJSON an auditor verifies offline against its signed checkpoint; CSV; audited", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    await someHistory(svc.app, h);
    const res = await svc.app.request(`${API_BASE}/audit-trail/export`, { headers: h });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/x-ndjson");
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    const { checkpoint } = lines.pop();
    assert.equal(res.headers.get("x-audit-checkpoint"), checkpoint.jws);
    assert.equal(checkpoint.purpose, "export");
    assert.equal(lines.at(-1).action, "audit.exported", "the export is in the trail it exports");
    // Offline, with nothing but the file: each hash over the documented canonical JSON, chained.
    let prevHash = "";
    for (const [i, r] of lines.entries()) {
      assert.equal(r.seq, i + 1);
      assert.equal(r.prev_hash, prevHash);
      const hash = await sha256(canonicalJson({
        action: r.action,
        actor: r.actor,
        at: r.at,
        details: r.details,
        orgId: r.org_id,
        prevHash: r.prev_hash,
        requestId: r.request_id,
        seq: r.seq,
        target: r.target,
      }));
      assert.equal(hash, r.hash, `record ${r.seq}`);
      prevHash = hash;
    }
    assert.equal(prevHash, checkpoint.hash);
    assert.equal(checkpoint.seq, lines.length);

    const csv = await svc.app.request(`${API_BASE}/audit-trail/export?format=csv&action=mapping.`, {
      headers: h,
    });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    const rows = (await csv.text()).trim().split("\n");
    assert.equal(rows[0], "seq,org_id,at,actor,action,target,details,request_id,prev_hash,hash");
    assert.equal(rows.length, 4, "three mapping changes under the header");
    assert.match(rows[1], /,mapping\.defaults_updated,/);
    assert.match(rows[1], /"\{""version"":1/, "details are JSON, quoted as CSV quotes");
    const trail = await call(svc.app, "GET", "/audit-trail?action=audit.exported", h);
    assert.deepEqual(
      trail.body.data.items.map((r: { details: { format: string } }) => r.details.format),
      ["ndjson", "csv"],
    );
    assert.equal(
      (await svc.app.request(`${API_BASE}/audit-trail/export?format=xml`, { headers: h })).status,
      400,
    );
  } finally {
    await svc.close();
  }
});

Deno.test("intake is audited once per request: counts, the ids written by type, the properties, the request id", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const records = [
      { type: "property", data: { id: "p1", organization_id: "org-a", name: "Maple Court" } },
      { type: "vendor", data: { id: "v1", name: "Acme Plumbing" } },
      { type: "vendor", data: { id: "v-bad" } },
    ];
    const bulk = await svc.app.request(`${API_BASE}/records/bulk`, {
      method: "POST",
      headers: { ...h, "Content-Type": "application/json", "X-Request-Id": "req-bulk-1" },
      body: JSON.stringify({ records }),
    });
    assert.equal(bulk.status, 200);
    await bulk.body?.cancel();
    await call(svc.app, "POST", "/records/bulk", h, { records: records.slice(0, 2) });
    const deleted = await call(svc.app, "DELETE", "/records/vendor/v1", h);
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    const trail = await call(svc.app, "GET", "/audit-trail?action=records.", h);
    const [first, removed] = trail.body.data.items;
    assert.deepEqual([first.action, first.request_id, first.actor], [
      "records.received",
      "req-bulk-1",
      "user:user-1",
    ]);
    assert.deepEqual(first.details, {
      received: 3,
      created: 2,
      updated: 0,
      unchanged: 0,
      invalid: 1,
      ids: { created: { property: ["p1"], vendor: ["v1"] } },
      property_ids: ["p1"],
      outcome: "partial",
    });
    assert.deepEqual([removed.action, removed.target, removed.details.record_id], [
      "records.deleted",
      "record:vendor/v1",
      "v1",
    ]);
    assert.equal(trail.body.data.items.length, 2, "the identical resend changed nothing and is not recorded");
    const scoped = await call(
      svc.app,
      "GET",
      "/audit-trail?action=records.",
      await scopedHeader("org-a", "admin", ["p9"]),
    );
    assert.deepEqual(
      scoped.body.data.items.map((r: { action: string }) => r.action),
      ["records.deleted"],
      "the intake that wrote p1 is hidden from a caller scoped to p9; the vendor's deletion names no property",
    );
  } finally {
    await svc.close();
  }
});
