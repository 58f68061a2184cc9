import assert from "node:assert/strict";
import {
  accessAnswers,
  assertFailure,
  assertSuccess,
  declaredPermission,
  expectedAccess,
  send,
  validationPaths,
} from "../../../support/route_checks.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

const NOW = "2026-06-01T12:00:00.000Z";

Deno.test("registerOrganizationRoutes PUT /organization registers (201), then answers the organization (200), and audits", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-new", "admin");
    const none = await send(svc.app, "GET", "/organization", h);
    assert.deepEqual(assertFailure(none, 404, "NOT_FOUND").details, { org_id: "org-new" });
    const created = await send(svc.app, "PUT", "/organization", h, { name: "  New Owner LLC  " });
    assert.deepEqual(assertSuccess(created, 201), { id: "org-new", name: "New Owner LLC", created_at: NOW });
    svc.clock.advance(60_000);
    const again = await send(svc.app, "PUT", "/organization", h, { name: "New Owner LLC" });
    assert.deepEqual(assertSuccess(again, 200), { id: "org-new", name: "New Owner LLC", created_at: NOW });
    assert.deepEqual(assertSuccess(await send(svc.app, "GET", "/organization", h), 200).id, "org-new");
    const audit = assertSuccess(await send(svc.app, "GET", "/audit", h), 200);
    assert.deepEqual(audit.map((r: { action: string }) => r.action), ["organization.registered"]);
    assert.equal(audit[0].request_id, created.headers.get("x-request-id"), "the audit names the request");
    assert.deepEqual(audit[0].details, { name: "New Owner LLC" });

    for (
      const [body, paths] of [
        [{}, ["json.name"]],
        [{ name: "   " }, ["json.name"]],
        [{ name: "x".repeat(201) }, ["json.name"]],
        [{ name: "Ok", id: "org-other" }, ["json.id"]],
      ] as [unknown, string[]][]
    ) {
      assert.deepEqual(
        validationPaths(await send(svc.app, "PUT", "/organization", h, body)),
        paths,
        JSON.stringify(body),
      );
    }
  } finally {
    await svc.close();
  }
});

Deno.test({
  name: "registerOrganizationRoutes PUT /organization renames a registered organization, audited once",
  async fn() {
    const svc = await startTestService();
    try {
      const h = await authHeader("org-a", "admin");
      const renamed = await send(svc.app, "PUT", "/organization", h, { name: "Renamed LLC" });
      assert.equal(assertSuccess(renamed, 200).name, "Renamed LLC");
      assert.equal(assertSuccess(await send(svc.app, "GET", "/organization", h), 200).name, "Renamed LLC");
      assertSuccess(await send(svc.app, "PUT", "/organization", h, { name: "Renamed LLC" }), 200);
      const audit = assertSuccess(await send(svc.app, "GET", "/audit", h), 200) as { action: string }[];
      assert.equal(
        audit.filter((r) => r.action === "organization.renamed").length,
        1,
        "the same name again is no change",
      );
    } finally {
      await svc.close();
    }
  },
});

Deno.test("registerOrganizationRoutes GET /audit pages the trail in chain order", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    // Three audited changes after the registration.
    for (const batch_size of [10, 20, 30]) {
      assertSuccess(await send(svc.app, "PUT", "/settings/sync", h, { batch_size }), 200);
    }
    const all = assertSuccess(await send(svc.app, "GET", "/audit", h), 200);
    const seqs = all.map((r: { seq: number }) => r.seq);
    assert.deepEqual(seqs, [...seqs].sort((a: number, b: number) => a - b), "chain order");
    assert.equal(all.length, 4, JSON.stringify(all.map((r: { action: string }) => r.action)));
    const record = all[all.length - 1];
    assert.deepEqual(Object.keys(record).sort(), [
      "action",
      "actor",
      "at",
      "details",
      "hash",
      "request_id",
      "seq",
      "target",
    ]);
    const page = assertSuccess(await send(svc.app, "GET", `/audit?after_seq=${seqs[0]}&limit=2`, h), 200);
    assert.deepEqual(page.map((r: { seq: number }) => r.seq), seqs.slice(1, 3));
    assert.deepEqual(assertSuccess(await send(svc.app, "GET", `/audit?after_seq=${seqs[3]}`, h), 200), []);
    const other = assertSuccess(
      await send(svc.app, "GET", "/audit", await authHeader("org-b", "admin")),
      200,
    );
    assert.deepEqual(
      other.map((r: { target: string }) => r.target),
      ["org:org-b"],
      "org B reads its own trail",
    );
    for (
      const [query, path] of [["limit=501", "query.limit"], ["after_seq=-1", "query.after_seq"], [
        "after=1",
        "query.after",
      ]]
    ) {
      assert.deepEqual(validationPaths(await send(svc.app, "GET", `/audit?${query}`, h)), [path], query);
    }
  } finally {
    await svc.close();
  }
});

Deno.test("registerOrganizationRoutes GET /organizations/{org_id} shows only the caller's own organization", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "viewer");
    assert.deepEqual(assertSuccess(await send(svc.app, "GET", "/organizations/org-a", h), 200), {
      id: "org-a",
      name: "Test org-a",
      created_at: NOW,
    });
    assertFailure(await send(svc.app, "GET", "/organizations/org-b", h), 403, "ORG_ACCESS_DENIED");
    assertFailure(await send(svc.app, "GET", "/organizations/org-zzz", h), 403, "ORG_ACCESS_DENIED");
    assert.deepEqual(validationPaths(await send(svc.app, "GET", `/organizations/${"o".repeat(65)}`, h)), [
      "param.org_id",
    ]);
  } finally {
    await svc.close();
  }
});

Deno.test("registerOrganizationRoutes declares settings:read/settings:write and audit:read", async () => {
  const svc = await startTestService();
  try {
    assert.equal(await declaredPermission(svc.app, "GET", "/organization"), "settings:read");
    assert.equal(await declaredPermission(svc.app, "PUT", "/organization"), "settings:write");
    assert.equal(await declaredPermission(svc.app, "GET", "/organizations/{org_id}"), "settings:read");
    assert.equal(await declaredPermission(svc.app, "GET", "/audit"), "audit:read");
    assert.deepEqual(
      await accessAnswers(svc.app, "PUT", "/organization", { name: "" }),
      expectedAccess("settings:write", "400 VALIDATION_FAILED"),
    );
    assert.deepEqual(
      await accessAnswers(svc.app, "GET", "/audit?limit=0"),
      expectedAccess("audit:read", "400 VALIDATION_FAILED"),
    );
  } finally {
    await svc.close();
  }
});
