/**
 * The access matrix: every operation of the OpenAPI document, with every role, as a caller of the
 * organization (unscoped, and scoped to one property with the request aimed inside and outside
 * that scope) and as a caller of another organization aimed at this one's resources; then with
 * stored grants (every role x every access level, every feature alone, one property only, an
 * expired grant) and API keys (one per scope, another organization's, one property's, an IP
 * allow-list that admits loopback and one that does not). The expected answer is derived from the
 * operation's declared `x-required-permission` and the declared policy (roles, access levels,
 * features, key scopes), so a new route is covered without editing this test:
 * - no token: 401 on every authenticated operation;
 * - a principal without the permission: 403 FORBIDDEN, whatever else the request says; an expired
 *   grant 403 FORBIDDEN `grant_expired` and a key used from outside its allow-list 403
 *   API_KEY_IP_DENIED on every operation;
 * - a principal with it: never 401/403 unscoped in its own organization; out of scope or in
 *   another organization, a path naming a resource answers 403/404;
 * - no answer carries the secret of a key;
 * - no answer (success or error) carries an identifier, e-mail or name of a record outside the
 *   caller's reach, checked in the response bodies;
 * - afterwards, nothing outside the callers' reach changed: the other property's records, its
 *   open review, and the other organization's books.
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import spec from "../../../openapi/openapi.json" with { type: "json" };
import { ACCESS_LEVEL_PERMISSIONS, AccessLevelSchema } from "../../../domain/access/access_levels.ts";
import { API_KEY_SCOPES } from "../../../domain/access/api_key.ts";
import { FEATURE_OF_PERMISSION, FeatureSchema } from "../../../domain/access/features.ts";
import { isReadPermission, type Permission, PermissionSchema } from "../../../domain/access/permissions.ts";
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

/** Someone who calls: a user's token (narrowed by a stored grant or not) or an API key. */
interface Principal {
  readonly label: string;
  readonly org: string;
  /** The properties it acts on (its token's, its grant's or its key's); absent: all. */
  readonly propertyIds?: readonly string[];
  headers(): Promise<Record<string, string>>;
  /** Whether the declared policy gives it the permission. */
  holds(permission: Permission): boolean;
  /** The refusal it meets on every authenticated operation, whatever it holds. */
  readonly refused?: { readonly status: number; readonly code: string; readonly reason?: string };
}

async function bearer(caller: Caller, role: string, sub = `u-${role}`): Promise<string> {
  const claims = caller.propertyIds ? { org: caller.org, role, property_ids: caller.propertyIds } : {
    org: caller.org,
    role,
  };
  return await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject(sub)
    .setIssuedAt().setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));
}

const operations = Object.entries(spec.paths as unknown as Record<string, Record<string, Operation>>)
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
function concrete(
  path: string,
  aim: Aim,
  ids: { job: string; user: string; key: string; endpoint: string },
): string {
  const values: Record<string, string> = {
    org_id: ORG,
    record_type: "tenant",
    record_id: aim.tenant,
    property_id: aim.property,
    review_id: aim.review,
    job_id: ids.job,
    id: aim.report,
    user_id: ids.user,
    key_id: ids.key,
    endpoint_id: ids.endpoint,
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

/** What `POST /enterprise/api-keys` asks to delegate: a creator lacking one is refused `scope_not_held`. */
const DELEGATED_SCOPES: readonly Permission[] = ["sync:read"];

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
    "PUT /enterprise/users/{user_id}/access": { access_level: "read_only" },
    "POST /enterprise/api-keys": { name: "made by the matrix", scopes: DELEGATED_SCOPES },
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
    "access matrix: every operation x role x access level x feature grant x key scope x organization x property scope x IP allow-list answers as declared, with 0 leaks",
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
      const targetKey = await api(run, "POST", "/enterprise/api-keys", ORG, {
        name: "target",
        scopes: ["sync:read"],
      });
      assert.equal(targetKey.status, 201, JSON.stringify(targetKey.body));
      const targetEndpoint = await api(run, "POST", "/webhook-endpoints", ORG, {
        url: "http://127.0.0.1:9/matrix",
      });
      assert.equal(targetEndpoint.status, 201, JSON.stringify(targetEndpoint.body));
      const ids = {
        job,
        user: "matrix-target",
        key: targetKey.body.data.key.id as string,
        endpoint: targetEndpoint.body.data.endpoint.id as string,
      };

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

      // --- who calls ------------------------------------------------------------------------------
      // Every principal says what it holds of each permission, from the declared policy alone: its
      // role, narrowed by its stored grant (level, features, properties, expiry) or, for a key, its
      // scopes, property set and IP allow-list.
      const roles = RoleSchema.options;
      const tokenOf = (caller: Caller, role: string, sub = `u-${role}`) => async () => ({
        Authorization: `Bearer ${await bearer(caller, role, sub)}`,
      });
      const principals: Principal[] = [];
      for (
        const caller of [{ label: "other organization", org: OTHER }, {
          label: `scoped to ${IN}`,
          org: ORG,
          propertyIds: [IN],
        }]
      ) {
        for (const role of roles) {
          principals.push({
            label: `${role} ${caller.label}`,
            org: caller.org,
            propertyIds: caller.propertyIds,
            headers: tokenOf(caller, role),
            holds: (p) => ROLE_PERMISSIONS[role].has(p),
          });
        }
      }
      for (const role of roles) {
        principals.push({
          label: `${role} unscoped`,
          org: ORG,
          headers: tokenOf({ label: "", org: ORG }, role),
          holds: (p) => ROLE_PERMISSIONS[role].has(p),
        });
      }
      // Stored grants on unscoped tokens of the organization.
      const grant = async (user: string, terms: Record<string, unknown>) => {
        const stored = await api(run, "PUT", `/enterprise/users/${user}/access`, ORG, terms);
        assert.equal(stored.status, 200, JSON.stringify(stored.body));
      };
      for (const role of roles) {
        for (const level of AccessLevelSchema.options) {
          const user = `g-${role}-${level}`;
          await grant(user, { access_level: level });
          principals.push({
            label: `${role} granted ${level}`,
            org: ORG,
            headers: tokenOf({ label: "", org: ORG }, role, user),
            holds: (p) => ROLE_PERMISSIONS[role].has(p) && ACCESS_LEVEL_PERMISSIONS[level].has(p),
          });
        }
      }
      for (const feature of FeatureSchema.options) {
        const user = `g-feature-${feature}`;
        await grant(user, { access_level: "admin", allowed_features: [feature] });
        principals.push({
          label: `admin granted the ${feature} feature`,
          org: ORG,
          headers: tokenOf({ label: "", org: ORG }, "admin", user),
          holds: (p) => FEATURE_OF_PERMISSION[p] === feature,
        });
      }
      await grant("g-scoped", { access_level: "admin", allowed_properties: [IN] });
      principals.push({
        label: `admin granted ${IN} only`,
        org: ORG,
        propertyIds: [IN],
        headers: tokenOf({ label: "", org: ORG }, "admin", "g-scoped"),
        holds: () => true,
      });
      const expiry = Date.now() + 1500;
      await grant("g-expired", { access_level: "admin", expires_at: new Date(expiry).toISOString() });
      principals.push({
        label: "admin with an expired grant",
        org: ORG,
        headers: tokenOf({ label: "", org: ORG }, "admin", "g-expired"),
        holds: () => true,
        refused: { status: 403, code: "FORBIDDEN", reason: "grant_expired" },
      });
      // API keys: one per scope, all scopes of another organization, of one property, behind an allow-list.
      const secrets: string[] = [];
      const keyOf = async (org: string, body: Record<string, unknown>) => {
        const made = await api(run, "POST", "/enterprise/api-keys", org, { name: "matrix", ...body });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        secrets.push(made.body.data.secret);
        const secret = made.body.data.secret as string;
        return () => Promise.resolve({ Authorization: `Bearer ${secret}` });
      };
      for (const scope of API_KEY_SCOPES) {
        principals.push({
          label: `key scoped ${scope}`,
          org: ORG,
          headers: await keyOf(ORG, { scopes: [scope] }),
          holds: (p) => p === scope,
        });
      }
      const allScopes = { scopes: [...API_KEY_SCOPES] };
      const keyHolds = (p: string) => (API_KEY_SCOPES as readonly string[]).includes(p);
      principals.push(
        {
          label: "key of another organization",
          org: OTHER,
          headers: await keyOf(OTHER, allScopes),
          holds: keyHolds,
        },
        {
          label: `key of ${IN}`,
          org: ORG,
          propertyIds: [IN],
          headers: await keyOf(ORG, { ...allScopes, property_ids: [IN] }),
          holds: keyHolds,
        },
        {
          label: "key allowed from loopback",
          org: ORG,
          headers: await keyOf(ORG, { ...allScopes, ip_allowlist: ["127.0.0.0/8", "::1"] }),
          holds: keyHolds,
        },
        {
          label: "key allowed from elsewhere",
          org: ORG,
          headers: await keyOf(ORG, { ...allScopes, ip_allowlist: ["192.0.2.0/24", "2001:db8::/32"] }),
          holds: keyHolds,
          refused: { status: 403, code: "API_KEY_IP_DENIED" },
        },
      );
      // The expired grant has expired by now (the service's clock is the system's).
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiry - Date.now() + 10)));

      // --- the matrix ---------------------------------------------------------------------------
      const violations: string[] = [];
      let requests = 0;
      const send = async (
        principal: Principal | null,
        method: string,
        path: string,
        payload: unknown,
      ) => {
        requests++;
        const headers: Record<string, string> = payload === undefined
          ? {}
          : { "Content-Type": "application/json" };
        if (principal !== null) Object.assign(headers, await principal.headers());
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

      const check = async (
        principal: Principal | null,
        entry: (typeof operations)[number],
        aim: Aim,
        markers: readonly string[],
      ) => {
        const { method, path, op } = entry;
        const url = concrete(path, aim, ids) + (method === "get" ? query(op, aim) : "");
        const payload = op.requestBody ? body(method, path, aim, tenants) : undefined;
        const res = await send(principal, method, url, payload);
        const where = `${method.toUpperCase()} ${url} as ${principal?.label ?? "no one (without a token)"}`;
        const permission = op["x-required-permission"] as Permission;
        const found = leaks(res, [...markers, ...secrets], url + JSON.stringify(payload ?? null));
        if (found.length > 0) violations.push(`${where}: ${res.status} shows ${found.join(", ")}`);
        if (principal === null) {
          if (res.status !== 401) violations.push(`${where}: ${res.status}, expected 401`);
          return;
        }
        const refused = principal.refused;
        if (refused) {
          if (
            res.status !== refused.status || res.body.error?.code !== refused.code ||
            (refused.reason && res.body.error?.details?.reason !== refused.reason)
          ) {
            violations.push(
              `${where}: ${res.status} ${res.body.error?.code} ${res.body.error?.details?.reason}, expected ` +
                `${refused.status} ${refused.code} ${refused.reason ?? ""}`,
            );
          }
          return;
        }
        // A key is never given what its creator lacks itself.
        const delegated = `${method.toUpperCase()} ${path}` === "POST /enterprise/api-keys"
          ? DELEGATED_SCOPES
          : [];
        if (principal.holds(permission) && delegated.some((scope) => !principal.holds(scope))) {
          if (res.status !== 403 || res.body.error?.details?.reason !== "scope_not_held") {
            violations.push(`${where}: ${res.status} ${res.body.error?.code}, expected 403 scope_not_held`);
          }
          return;
        }
        if (!principal.holds(permission)) {
          if (res.status !== 403 || res.body.error?.code !== "FORBIDDEN") {
            violations.push(
              `${where}: ${res.status} ${res.body.error?.code}, expected 403 FORBIDDEN (${permission})`,
            );
          }
          return;
        }
        // Another organization's records, reviews, jobs, reports and keys do not exist for this
        // caller; out of scope, a record or review of the other property is out of reach.
        const otherOrganization = principal.org !== ORG &&
          /\{(record_id|review_id|job_id|id|org_id|key_id|endpoint_id)\}/.test(path);
        const outOfScope = principal.propertyIds !== undefined && aim === outside &&
          /\{(record_id|review_id|id)\}/.test(path);
        const foreign = principal.org !== ORG || (principal.propertyIds && aim === outside);
        if ((otherOrganization || outOfScope) && res.status < 400) {
          violations.push(`${where}: ${res.status}, a resource out of reach must answer 403/404`);
        }
        // An operation that no property scope can narrow refuses every scoped caller.
        if (principal.propertyIds !== undefined && op["x-property-scoped-callers"] === "refused") {
          if (res.status !== 403 || res.body.error?.details?.reason !== "needs_all_properties") {
            violations.push(
              `${where}: ${res.status} ${res.body.error?.code}, expected 403 needs_all_properties`,
            );
          }
          return;
        }
        // In scope, a scoped caller reads as much as an unscoped one (filtered to its properties);
        // what manages the organization as a whole needs every property.
        const inScopeRead = principal.propertyIds !== undefined && aim === inside &&
          isReadPermission(permission);
        if ((inScopeRead || (!foreign && !principal.propertyIds)) && [401, 403].includes(res.status)) {
          violations.push(`${where}: ${res.status} ${res.body.error?.code}, it holds ${permission}`);
        }
      };

      let checked = 0;
      const authenticated = operations.filter((o) => o.op.security?.length);
      for (const entry of operations) {
        const permission = entry.op["x-required-permission"];
        if (!entry.op.security?.length) {
          assert.equal(permission, undefined, `${entry.path}: a public operation declares no permission`);
          // Public: nothing of any organization is shown to anyone.
          const res = await send(null, entry.method, concrete(entry.path, outside, ids), undefined);
          const found = leaks(res, [...orgMarkers, ...secrets], entry.path);
          if (found.length > 0) violations.push(`${entry.method} ${entry.path} (public): shows ${found}`);
          continue;
        }
        checked++;
        assert.ok(
          PermissionSchema.options.includes(permission as never),
          `${entry.method.toUpperCase()} ${entry.path} declares the unknown permission ${permission}`,
        );
        assert.deepEqual(
          entry.op.security,
          [{ bearerAuth: [permission] }, { apiKeyAuth: [permission] }],
          `${entry.path}: scopes`,
        );
        await check(null, entry, outside, orgMarkers);
      }
      assert.ok(checked >= 35, `checked ${checked} authenticated operations`);

      // Callers of another organization, then of one property: nothing out of their reach changes.
      // Within a group every principal makes a request before any makes the next (reads first), so
      // what one writes in its own organization is not read back by the next as if it had leaked.
      const reaching = principals.filter((p) => p.org !== ORG || p.propertyIds !== undefined);
      for (const group of [reaching.filter((p) => p.org !== ORG), reaching.filter((p) => p.org === ORG)]) {
        const elsewhere = group[0].org !== ORG;
        const insideBefore = await snapshot(run, inside);
        for (const entry of authenticated) {
          for (const principal of group) {
            for (const aim of [inside, outside]) {
              await check(principal, entry, aim, elsewhere ? orgMarkers : outsideMarkers);
            }
          }
        }
        const who = elsewhere ? "callers of another organization" : `callers of ${IN}`;
        if (elsewhere) {
          assert.deepEqual(await snapshot(run, inside), insideBefore, `${who}: ${IN} is untouched`);
        }
        assert.deepEqual(await snapshot(run, outside), before, `${who}: ${OUT} and its review are untouched`);
      }

      // Unscoped callers of the organization last (their writes may change what is there).
      for (const principal of principals.filter((p) => !reaching.includes(p))) {
        for (const entry of authenticated) await check(principal, entry, outside, []);
      }
      console.log(
        `access matrix: ${checked} operations, ${principals.length} principals, ${requests} requests, ` +
          `${violations.length} violations`,
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
