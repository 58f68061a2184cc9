/**
 * Every request refuses what it does not understand, derived from the OpenAPI document: a new
 * route is covered without editing this test.
 */
import assert from "node:assert/strict";
import spec from "../../../openapi/openapi.json" with { type: "json" };
import { API_BASE } from "../../support/api_call.ts";
import { authHeader, startTestService } from "../../support/service.ts";

type Json = Record<string, unknown>;
interface Operation {
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Json }> };
}

const PATH_VALUES: Record<string, string> = {
  record_type: "tenant",
  record_id: "ten_1",
  property_id: "prop_1",
  review_id: "rev_1",
  // Digits: a QuickBooks id as the pass-through takes it (a reconciliation report's id is any string).
  id: "1",
  entity: "Invoice",
  report: "ProfitAndLoss",
};

const operations = Object.entries(spec.paths as Record<string, Record<string, Operation>>).flatMap(
  ([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })),
);
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name) => PATH_VALUES[name] ?? "x1");

/**
 * A free-form map (`z.record`: no declared properties): a QuickBooks object the pass-through hands to
 * QuickBooks as it is, which judges its fields (an unknown one is its fault 2010, QB004).
 */
function freeForm(schema: Json): boolean {
  const s = resolve(schema);
  return s.type === "object" && s.properties === undefined && s.additionalProperties !== false;
}

function resolve(schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const name = ref.replace("#/components/schemas/", "");
  return resolve((spec.components.schemas as Record<string, Json>)[name]);
}

/** Every object schema reachable from `schema` that declares properties but not `additionalProperties: false`. */
function openObjects(schema: Json, where: string, seen = new Set<Json>()): string[] {
  const s = resolve(schema);
  if (seen.has(s)) return [];
  seen.add(s);
  const found: string[] = [];
  if (s.type === "object" && s.properties && s.additionalProperties !== false) found.push(where);
  for (const [key, value] of Object.entries((s.properties ?? {}) as Record<string, Json>)) {
    found.push(...openObjects(value, `${where}.${key}`, seen));
  }
  for (const key of ["items", "anyOf", "oneOf", "allOf"]) {
    const inner = s[key];
    for (const [i, value] of (Array.isArray(inner) ? inner : inner ? [inner] : []).entries()) {
      found.push(...openObjects(value as Json, `${where}.${key}[${i}]`, seen));
    }
  }
  return found;
}

Deno.test("every JSON request body in the OpenAPI document is closed at every depth", () => {
  const bodies = operations.filter((o) => o.op.requestBody?.content["application/json"]);
  assert.ok(bodies.length >= 15, `expected the API's JSON bodies, found ${bodies.length}`);
  const open = bodies.flatMap(({ method, path, op }) => {
    const schema = op.requestBody!.content["application/json"].schema;
    return openObjects(schema, `${method.toUpperCase()} ${path}`);
  });
  assert.deepEqual(open, []);
});

Deno.test("every operation with a JSON body refuses an unknown field with VALIDATION_FAILED naming it", async () => {
  const svc = await startTestService();
  try {
    const headers = { ...await authHeader("org-a", "admin"), "Content-Type": "application/json" };
    const failures: string[] = [];
    let checked = 0;
    for (const { method, path, op } of operations) {
      const json = op.requestBody?.content["application/json"];
      if (!json || !op.security?.length || freeForm(json.schema)) continue;
      checked++;
      const res = await svc.app.request(`${API_BASE}${concrete(path)}`, {
        method: method.toUpperCase(),
        headers,
        body: JSON.stringify({ __unknown_field__: 1 }),
      });
      const body = await res.json();
      const named = JSON.stringify(body.error?.details ?? {}).includes("__unknown_field__");
      if (res.status !== 400 || body.error?.code !== "VALIDATION_FAILED" || !named) {
        failures.push(`${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(body.error)}`);
      }
    }
    assert.ok(checked >= 15, `checked ${checked} operations`);
    assert.deepEqual(failures, []);
  } finally {
    await svc.close();
  }
});

Deno.test("every authenticated operation with query parameters refuses an unknown one, naming it", async () => {
  const svc = await startTestService();
  try {
    const headers = await authHeader("org-a", "admin");
    const failures: string[] = [];
    let checked = 0;
    for (const { method, path, op } of operations) {
      if (!op.security?.length || !(op.parameters ?? []).some((p) => p.in === "query")) continue;
      checked++;
      const res = await svc.app.request(`${API_BASE}${concrete(path)}?lmit=5`, {
        method: method.toUpperCase(),
        headers,
      });
      const body = await res.json();
      if (res.status !== 400 || !JSON.stringify(body.error?.details ?? {}).includes("query.lmit")) {
        failures.push(`${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(body.error)}`);
      }
    }
    assert.ok(checked >= 10, `checked ${checked} operations`);
    assert.deepEqual(failures, []);
  } finally {
    await svc.close();
  }
});

Deno.test("the public OAuth callback still takes parameters Intuit adds beyond the declared ones", async () => {
  const svc = await startTestService();
  try {
    const res = await svc.app.request(
      `${API_BASE}/oauth/callback?state=unknown-state&error=access_denied&error_description=denied`,
    );
    const body = await res.json();
    assert.notEqual(body.error?.code, "VALIDATION_FAILED", JSON.stringify(body));
  } finally {
    await svc.close();
  }
});

Deno.test("a bulk item with a key beside type and data is refused naming it, as JSON and as NDJSON; the others are stored", async () => {
  const svc = await startTestService();
  try {
    const auth = await authHeader("org-a", "admin");
    const good = { type: "vendor", data: { id: "ven_1", name: "Ace Plumbing" } };
    const extra = { type: "vendor", data: { id: "ven_2", name: "Bolt Electric" }, typo: true };
    const send = async (contentType: string, body: string) => {
      const res = await svc.app.request(`${API_BASE}/records/bulk`, {
        method: "POST",
        headers: { ...auth, "Content-Type": contentType },
        body,
      });
      return JSON.stringify(await res.json());
    };
    const json = await send("application/json", JSON.stringify({ records: [good, extra] }));
    const ndjson = await send("application/x-ndjson", [good, extra].map((i) => JSON.stringify(i)).join("\n"));
    for (const answer of [json, ndjson]) {
      assert.match(answer, /"path":"typo"/, answer);
      assert.match(answer, /unknown field \\"typo\\"/, answer);
    }
    const stored = await svc.app.request(`${API_BASE}/records/vendor/ven_2`, { headers: auth });
    assert.equal(stored.status, 404, "nothing of the refused item is stored");
    assert.equal((await svc.app.request(`${API_BASE}/records/vendor/ven_1`, { headers: auth })).status, 200);
  } finally {
    await svc.close();
  }
});
