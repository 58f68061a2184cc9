/**
 * The access matrix: every operation of the OpenAPI document, with every role, as a caller of the
 * organization (unscoped, and scoped to one property with the request aimed inside and outside
 * that scope) and as a caller of another organization aimed at this one's resources. The expected
 * answer is derived from the operation's declared `x-required-permission` and the role policy, so
 * a new route is covered without editing this test:
 * - no token: 401 on every authenticated operation;
 * - a role without the permission: 403 FORBIDDEN, whatever else the request says;
 * - a role with it: never 401/403 unscoped in its own organization; out of scope or in another
 *   organization, a path naming a resource answers 403/404;
 * - no answer (success or error) carries an identifier, e-mail or name of a record outside the
 *   caller's reach, checked in the response bodies;
 * - afterwards, nothing outside the callers' reach changed: the other property's records, its
 *   open review, and the other organization's books.
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import spec from "../../../openapi/openapi.json" with { type: "json" };
import { PermissionSchema } from "../../../domain/access/permissions.ts";
import { ROLE_PERMISSIONS } from "../../../domain/access/roles.ts";
import { RoleSchema } from "../../../domain/access/roles.ts";
import {
  api,
  connectWithMappings,
  editInQuickBooks,
  loadSamplePortfolio,
  type Running,
  SECRET,
  startService,
} from "../../support/e2e_service.ts";

const ORG = "org-matrix";
const OTHER = "org-elsewhere";
const IN = "prop_1";
const OUT = "prop_2";

interface Operation {
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly "x-required-permission"?: string;
  /** "refused": a property-scoped caller is refused whatever it aims at (the QuickBooks pass-through). */
  readonly "x-property-scoped-callers"?: string;
  readonly requestBody?: unknown;
  readonly parameters?: readonly { name: string; in: string }[];
}

/** The resources a request can be aimed at: inside the scoped caller's property or outside it. */
interface Aim {
  readonly property: string;
  readonly tenant: string;
  readonly review: string;
  /** A reconciliation report: of the scoped property only, or of the whole organization. */
  readonly report: string;
}

interface Caller {
  readonly label: string;
  readonly org: string;
  readonly propertyIds?: readonly string[];
}

async function bearer(caller: Caller, role: string): Promise<string> {
  const claims = caller.propertyIds ? { org: caller.org, role, property_ids: caller.propertyIds } : {
    org: caller.org,
    role,
  };
  return await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject(`u-${role}`)
    .setIssuedAt().setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));
}

const operations = Object.entries(spec.paths as Record<string, Record<string, Operation>>)
  .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })))
  // Reads first, the one operation that ends the connection last: writes may change what later
  // requests find, never what they may reach.
  .sort((a, b) => rank(a) - rank(b));
function rank(o: { method: string; path: string }): number {
  if (o.path === "/disconnect") return 3;
  if (o.method === "delete") return 2;
  return o.method === "get" ? 0 : 1;
}

/** The path with its parameters aimed at `aim`; `ids` are the organization's resources by kind. */
function concrete(path: string, aim: Aim, ids: { job: string }): string {
  const values: Record<string, string> = {
    org_id: ORG,
    record_type: "tenant",
    record_id: aim.tenant,
    property_id: aim.property,
    review_id: aim.review,
    job_id: ids.job,
    id: aim.report,
    entity: "Invoice",
    report: "ProfitAndLoss",
  };
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    assert.ok(values[name], `no value for path parameter ${name} of ${path}: add it here`);
    return encodeURIComponent(values[name]);
  });
}

/** Query parameters that name a property or record are aimed too (found by name, so new ones are too). */
function query(op: Operation, aim: Aim): string {
  const names = new Set((op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name));
  const q = new URLSearchParams();
  if (names.has("property_id")) q.set("property_id", aim.property);
  if (names.has("record_id")) q.set("record_id", aim.tenant);
  if (names.has("record_type")) q.set("record_type", "tenant");
  return q.size > 0 ? `?${q}` : "";
}

/** Bodies aimed at `aim` where the operation takes a property or record; `{}` for any other. */
function body(method: string, path: string, aim: Aim, tenants: Map<string, Record<string, unknown>>) {
  const tenant = tenants.get(aim.tenant)!;
  const key = `${method.toUpperCase()} ${path}`;
  const bodies: Record<string, unknown> = {
    "PUT /organization": { name: "Renamed by the matrix" },
    "POST /records/bulk": {
      records: [{ type: "tenant", data: { ...tenant, first_name: "Overwritten" } }],
    },
    "PUT /records/{record_type}/{record_id}": { ...tenant, first_name: "Overwritten" },
    "POST /sync": { direction: "push" },
    "POST /sync/entity": { records: [{ record_type: "tenant", record_id: aim.tenant }] },
    "POST /sync/reviews/{review_id}/resolve": { side: "estatecore", push_now: false },
    "POST /reconcile": { property_ids: [aim.property], from: "2026-01-01", to: "2026-12-31" },
    "POST /reconcile/{id}/resolve": { confirm_void_ids: [] },
    "POST /automation/execute": { workflow: "rent", dry_run: true },
    "POST /automation/enable": { workflows: [{ name: "rent", enabled: false }] },
  };
  return key in bodies ? bodies[key] : {};
}

/** The markers of `aim`'s records found in a body, leaving out what the request itself named. */
function leaks(response: { text: string }, markers: readonly string[], asked: string): string[] {
  return markers.filter((m) => !asked.includes(encodeURIComponent(m)) && !asked.includes(m))
    .filter((m) => response.text.includes(m));
}

/** A JSON body as the API answers; an event stream's text is kept as it is. */
// deno-lint-ignore no-explicit-any
function parsed(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

async function runJob(run: Running, direction: string) {
  const queued = await api(run, "POST", "/sync", ORG, { direction });
  assert.ok(queued.status === 202 || queued.status === 200, JSON.stringify(queued.body));
  while (await run.service.worker.runOnce()) { /* drain every queued job */ }
  return queued.body.data.id as string;
}

Deno.test({
  name:
    "access matrix: every operation x role x organization x property scope answers as declared, with 0 leaks",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      // --- an organization with two properties, synced, with an open review on each ---------------
      assert.equal((await api(run, "PUT", "/organization", ORG, { name: "Matrix" })).status, 201);
      assert.equal((await api(run, "PUT", "/organization", OTHER, { name: "Elsewhere" })).status, 201);
      assert.equal(
        (await api(run, "PUT", "/settings/sync", ORG, { conflict_resolution: "manual" })).status,
        200,
      );
      const { target } = await connectWithMappings(run, ORG);
      const { records: sent, intake } = await loadSamplePortfolio(run, ORG, {
        properties: 2,
        unitsPerProperty: 1,
        months: 1,
      });
      assert.equal(intake.status, 200, JSON.stringify(intake.body));
      const records = sent.map((r) => ({ type: r.type, data: r.data as Record<string, unknown> }));
      const job = await runJob(run, "push");
      const tenants = new Map(
        records.filter((r) => r.type === "tenant").map((
          r,
        ) => [String(r.data.id), r.data as Record<string, unknown>]),
      );
      const tenantOf = (property: string) =>
        [...tenants.values()].find((t) => t.property_id === property)!.id as string;
      for (const id of tenants.keys()) {
        const edited = { ...tenants.get(id)!, email: `${id}@estatecore.example` };
        assert.equal((await api(run, "PUT", `/records/tenant/${id}`, ORG, edited)).status, 200);
        tenants.set(id, edited);
        await editInQuickBooks(run, target, "Customer", id, {
          PrimaryEmailAddr: { Address: `${id}@quickbooks.example` },
        });
      }
      await runJob(run, "pull");
      const reviews = (await api(run, "GET", "/sync/reviews?status=open", ORG)).body.data as {
        id: string;
        record_id: string;
      }[];
      const reviewOf = (tenant: string) => reviews.find((r) => r.record_id === tenant)!.id;
      const reconcile = async (scope: Record<string, unknown>) => {
        const report = await api(run, "POST", "/reconcile", ORG, {
          from: "2026-01-01",
          to: "2026-12-31",
          ...scope,
        });
        assert.equal(report.status, 201, JSON.stringify(report.body));
        return report.body.data.id as string;
      };
      const inside: Aim = {
        property: IN,
        tenant: tenantOf(IN),
        review: reviewOf(tenantOf(IN)),
        report: await reconcile({ property_ids: [IN] }),
      };
      const outside: Aim = {
        property: OUT,
        tenant: tenantOf(OUT),
        review: reviewOf(tenantOf(OUT)),
        report: await reconcile({}),
      };
      const resync = await api(run, "POST", `/sync/records/tenant/${outside.tenant}/resync`, ORG, {});
      assert.equal(resync.status, 202, JSON.stringify(resync.body));
      const ids = { job };

      // What a caller outside a property must never see: its records' ids, e-mails and names.
      const outsideMarkers = [
        ...records.filter((r) => r.data.property_id === OUT || r.data.id === OUT).map((r) =>
          String(r.data.id)
        ),
        ...[`${outside.tenant}@estatecore.example`, `${outside.tenant}@quickbooks.example`],
        String(tenants.get(outside.tenant)!.last_name),
        outside.review,
      ];
      // What another organization must never see: all of the above and the scoped property's too.
      const orgMarkers = [
        ...outsideMarkers,
        ...records.filter((r) => r.data.property_id === IN || r.data.id === IN).map((r) => String(r.data.id)),
        inside.review,
        target.realmId,
      ];
      const before = await snapshot(run, outside);

      // --- the matrix ---------------------------------------------------------------------------
      const roles = RoleSchema.options;
      const violations: string[] = [];
      let requests = 0;
      const send = async (
        caller: Caller | null,
        role: string,
        method: string,
        path: string,
        payload: unknown,
      ) => {
        requests++;
        const headers: Record<string, string> = payload === undefined
          ? {}
          : { "Content-Type": "application/json" };
        if (caller !== null) headers.Authorization = `Bearer ${await bearer(caller, role)}`;
        // An event stream of a finished job ends by itself; a bound keeps a live one from hanging.
        const res = await fetch(`${run.base}/api/quickbooks${path}`, {
          method: method.toUpperCase(),
          headers,
          body: payload === undefined ? undefined : JSON.stringify(payload),
          signal: AbortSignal.timeout(5_000),
        });
        const text = await res.text();
        return { status: res.status, text, body: parsed(text) };
      };
      const callers: { caller: Caller; aims: readonly Aim[]; markers: readonly string[] }[] = [
        { caller: { label: "other organization", org: OTHER }, aims: [inside, outside], markers: orgMarkers },
        {
          caller: { label: `scoped to ${IN}`, org: ORG, propertyIds: [IN] },
          aims: [inside, outside],
          markers: outsideMarkers,
        },
      ];
      const unscoped: Caller = { label: "unscoped", org: ORG };

      const check = async (
        caller: Caller | null,
        role: string,
        entry: (typeof operations)[number],
        aim: Aim,
        markers: readonly string[],
      ) => {
        const { method, path, op } = entry;
        const url = concrete(path, aim, ids) + (method === "get" ? query(op, aim) : "");
        const payload = op.requestBody ? body(method, path, aim, tenants) : undefined;
        const res = await send(caller, role, method, url, payload);
        const where = `${method.toUpperCase()} ${url} as ${role} ${caller?.label ?? "without a token"}`;
        const permission = op["x-required-permission"];
        const found = leaks(res, markers, url + JSON.stringify(payload ?? null));
        if (found.length > 0) violations.push(`${where}: ${res.status} shows ${found.join(", ")}`);
        if (caller === null) {
          if (res.status !== 401) violations.push(`${where}: ${res.status}, expected 401`);
          return;
        }
        const granted = ROLE_PERMISSIONS[role as keyof typeof ROLE_PERMISSIONS].has(
          permission as never,
        );
        if (!granted) {
          if (res.status !== 403 || res.body.error?.code !== "FORBIDDEN") {
            violations.push(
              `${where}: ${res.status} ${res.body.error?.code}, expected 403 FORBIDDEN (${permission})`,
            );
          }
          return;
        }
        // Another organization's records, reviews, jobs and reports do not exist for this caller;
        // out of scope, a record or review of the other property is out of reach.
        const otherOrganization = caller.org !== ORG &&
          /\{(record_id|review_id|job_id|id|org_id)\}/.test(path);
        const outOfScope = caller.propertyIds !== undefined && aim === outside &&
          /\{(record_id|review_id|id)\}/.test(path);
        const foreign = caller.org !== ORG || (caller.propertyIds && aim === outside);
        if ((otherOrganization || outOfScope) && res.status < 400) {
          violations.push(`${where}: ${res.status}, a resource out of reach must answer 403/404`);
        }
        // An operation that no property scope can narrow refuses every scoped caller.
        if (caller.propertyIds !== undefined && op["x-property-scoped-callers"] === "refused") {
          if (res.status !== 403 || res.body.error?.details?.reason !== "needs_all_properties") {
            violations.push(
              `${where}: ${res.status} ${res.body.error?.code}, expected 403 needs_all_properties`,
            );
          }
          return;
        }
        // In scope, a scoped caller reads as much as an unscoped one (filtered to its properties).
        const inScopeRead = caller.propertyIds !== undefined && aim === inside && entry.method === "get";
        if ((inScopeRead || (!foreign && !caller.propertyIds)) && [401, 403].includes(res.status)) {
          violations.push(`${where}: ${res.status} ${res.body.error?.code}, the role holds ${permission}`);
        }
      };

      let checked = 0;
      const authenticated = operations.filter((o) => o.op.security?.length);
      for (const entry of operations) {
        const permission = entry.op["x-required-permission"];
        if (!entry.op.security?.length) {
          assert.equal(permission, undefined, `${entry.path}: a public operation declares no permission`);
          // Public: nothing of any organization is shown to anyone.
          const res = await send(null, "none", entry.method, concrete(entry.path, outside, ids), undefined);
          const found = leaks(res, orgMarkers, entry.path);
          if (found.length > 0) violations.push(`${entry.method} ${entry.path} (public): shows ${found}`);
          continue;
        }
        checked++;
        assert.ok(
          PermissionSchema.options.includes(permission as never),
          `${entry.method.toUpperCase()} ${entry.path} declares the unknown permission ${permission}`,
        );
        assert.deepEqual(entry.op.security, [{ bearerAuth: [permission] }], `${entry.path}: bearer scope`);
        await check(null, "none", entry, outside, orgMarkers);
      }
      assert.ok(checked >= 35, `checked ${checked} authenticated operations`);

      const insideBefore = await snapshot(run, inside);
      for (const { caller, aims, markers } of callers) {
        for (const entry of authenticated) {
          for (const role of roles) for (const aim of aims) await check(caller, role, entry, aim, markers);
        }
        // Nothing out of this caller's reach changed.
        if (caller.org !== ORG) {
          assert.deepEqual(await snapshot(run, inside), insideBefore, `${caller.label}: ${IN} is untouched`);
        }
        assert.deepEqual(
          await snapshot(run, outside),
          before,
          `${caller.label}: ${OUT} and its review are untouched`,
        );
      }

      // Unscoped callers of the organization last (their writes may change what is there).
      for (const entry of authenticated) {
        for (const role of roles) await check(unscoped, role, entry, outside, []);
      }
      console.log(
        `access matrix: ${checked} operations, ${requests} requests, ${violations.length} violations`,
      );
      assert.deepEqual(violations, []);
    } finally {
      await run.close();
    }
  },
});

/** The other property's records and its review, as an unscoped admin reads them. */
async function snapshot(run: Running, aim: Aim) {
  const records = [];
  for (const type of ["property", "unit", "tenant", "lease", "charge", "payment"]) {
    const listed = await api(
      run,
      "GET",
      `/records/${type}?property_id=${aim.property}&include_deleted=true`,
      ORG,
    );
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    records.push(...listed.body.data.items);
  }
  const review = ((await api(run, "GET", "/sync/reviews?status=open", ORG)).body.data as { id: string }[])
    .find((r) => r.id === aim.review) ?? null;
  return { records, review };
}
