/**
 * The fuzz of the reliability suite: every operation of the service's OpenAPI document called over
 * HTTP with requests generated from its own schemas by fast-check (bodies that follow the schema,
 * bodies broken in one place, bytes that are not JSON at all, ids and query values of every shape,
 * wrong media types, missing, foreign and forged tokens), against a service with a connected
 * company and a synced portfolio. Findings: a 5xx, an answer outside the envelope, a status the
 * operation does not declare, and a refused request that changed the database (a partial write).
 * `FUZZ_RUNS` sets the requests per operation (a short mode under CI).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { sql } from "kysely";
import { SignJWT } from "jose";
import { arbitraryOf, brokenArbitraryOf, type Components, type Schema } from "../support/schema_arbitrary.ts";
import {
  connectWithMappings,
  loadSamplePortfolio,
  type Running,
  SECRET,
  startService,
  token,
} from "../support/e2e_service.ts";

const RUNS = Number(Deno.env.get("FUZZ_RUNS") ?? (Deno.env.get("CI") ? 20 : 40));
const SEED = Number(Deno.env.get("FUZZ_SEED") ?? 20261204);
const ORG = "org-fuzz";
const BASE_PATH = "/api/quickbooks";
const METHODS = ["get", "put", "post", "delete", "patch"] as const;
/** Tables a refused request may touch: caches of QuickBooks' lists and the shared QuickBooks call budget. */
const CACHES = new Set([
  "qbo_reference_lists",
  "qbo_reference_entries",
  "quickbooks_rate_permits",
  "quickbooks_rate_realms",
]);

/**
 * Refusals that keep a record of themselves, by code: a manual automation run that fails (QB008)
 * stays in the run history, failed with its cause, and in the audit trail, as a scheduled one does.
 */
const RECORDED_FAILURES: Readonly<Record<string, readonly string[]>> = {
  QB008: ["audit_log", "automation_runs"],
};

interface Operation {
  readonly method: string;
  readonly template: string;
  readonly spec: Schema;
}

interface Request {
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly auth: string;
  readonly contentType: string | null;
  readonly body: string | null;
  readonly bodyKind: string;
}

interface Finding {
  readonly kind: "5xx" | "not_an_envelope" | "undeclared_status" | "partial_write";
  readonly request: string;
  readonly answer: string;
}

/** Every row of every table, as one string: equal before and after means nothing was written. */
async function snapshot(run: Running): Promise<Map<string, string>> {
  const db = run.service.database.db;
  const tables = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
  `.execute(db);
  const out = new Map<string, string>();
  for (const { name } of tables.rows) {
    if (CACHES.has(name)) continue;
    const rows = await sql`SELECT * FROM ${sql.table(name)} ORDER BY rowid`.execute(db);
    out.set(name, JSON.stringify(rows.rows));
  }
  return out;
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t));
}

function operationsOf(document: Schema): Operation[] {
  return Object.entries(document.paths as Record<string, Schema>).flatMap(([template, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({
      method: method.toUpperCase(),
      template,
      spec: item[method],
    }))
  );
}

/** Values for a path or query parameter: ones that exist, ones that follow its schema, and anything. */
function parameterValue(
  schema: Schema,
  components: Components,
  known: readonly string[],
): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...known), weight: 3 },
    {
      arbitrary: arbitraryOf(schema ?? {}, components).map((v) =>
        typeof v === "string" ? v : JSON.stringify(v)
      ),
      weight: 3,
    },
    { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        "..",
        "../../etc/passwd",
        "' OR '1'='1",
        "-1",
        "0",
        "1e309",
        "null",
        "%00",
        "\u0000",
        "a".repeat(2000),
        "😀",
        "[]",
        "{}",
      ),
      weight: 2,
    },
  );
}

async function bearerOf(kind: string): Promise<string | null> {
  switch (kind) {
    case "admin":
      return `Bearer ${await token(ORG, "admin")}`;
    case "viewer":
      return `Bearer ${await token(ORG, "viewer")}`;
    case "other_org":
      return `Bearer ${await token("org-b", "admin")}`;
    case "expired":
      return `Bearer ${await new SignJWT({ org: ORG, role: "admin" }).setProtectedHeader({ alg: "HS256" })
        .setSubject("user-1").setIssuedAt(1_600_000_000).setExpirationTime(1_600_000_600)
        .sign(new TextEncoder().encode(SECRET))}`;
    case "forged":
      return `Bearer ${await new SignJWT({ org: ORG, role: "admin" }).setProtectedHeader({ alg: "HS256" })
        .setSubject("user-1").setIssuedAt().setExpirationTime("1h")
        .sign(new TextEncoder().encode("not-the-secret-of-this-service-at-all!!"))}`;
    case "garbage":
      return "Bearer e30.e30.";
    default:
      return null;
  }
}

function requestArbitrary(
  op: Operation,
  components: Components,
  known: readonly string[],
): fc.Arbitrary<Request> {
  const parameters: Schema[] = op.spec.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === "path");
  const queryParams = parameters.filter((p) => p.in === "query");
  const content: Record<string, Schema> = op.spec.requestBody?.content ?? {};
  const jsonSchema: Schema | undefined = content["application/json"]?.schema;
  const declaredTypes = Object.keys(content);

  const path = fc.tuple(...pathParams.map((p) => parameterValue(p.schema, components, known))).map((values) =>
    pathParams.reduce(
      (acc, p, i) => acc.replace(`{${p.name}}`, encodeURIComponent(values[i] as string)),
      op.template,
    )
  );
  const query = fc.tuple(
    fc.subarray(queryParams),
    fc.array(fc.string({ maxLength: 30 }), { minLength: queryParams.length, maxLength: queryParams.length }),
    fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })), { freq: 4 }),
  ).chain(([chosen, junk, extra]) =>
    fc.tuple(
      ...chosen.map((p, i) =>
        fc.oneof(parameterValue(p.schema, components, known), fc.constant(junk[i] ?? "")).map((v) =>
          [p.name as string, v] as const
        )
      ),
    ).map((pairs) => (extra ? [...pairs, extra] : pairs) as (readonly [string, string])[])
  );
  const auth = fc.oneof(
    { arbitrary: fc.constant("admin"), weight: 14 },
    { arbitrary: fc.constantFrom("viewer", "other_org", "expired", "forged", "garbage", "none"), weight: 6 },
  );
  const contentType = fc.oneof(
    {
      arbitrary: declaredTypes.length ? fc.constantFrom(...declaredTypes) : fc.constant("application/json"),
      weight: 8,
    },
    {
      arbitrary: fc.constantFrom(
        null,
        "text/plain",
        "application/xml",
        "application/json; charset=utf-16",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
      ),
      weight: 2,
    },
  );
  const raw = fc.constantFrom(
    ["truncated", '{"records": [{"type": "tenant", "data": {'],
    ["not_json", "not json at all"],
    ["empty", ""],
    ["null", "null"],
    ["number", "42"],
    ["array", "[]"],
    ["deep", "[".repeat(20_000) + "]".repeat(20_000)],
    ["huge", `{"name":"${"x".repeat(3 * 1024 * 1024)}"}`],
    ["lone_surrogate", '{"name":"\\ud800"}'],
    ["duplicate_keys", '{"name":"a","name":"b"}'],
  );
  const body: fc.Arbitrary<[string, string | null]> = op.spec.requestBody || op.method !== "GET"
    ? fc.oneof(
      ...(jsonSchema
        ? [
          {
            arbitrary: arbitraryOf(jsonSchema, components).map((v) =>
              ["valid", JSON.stringify(v)] as [string, string]
            ),
            weight: 3,
          },
          {
            arbitrary: brokenArbitraryOf(jsonSchema, components).map((b) =>
              [`broken_${b.breakage}`, JSON.stringify(b.value)] as [string, string]
            ),
            weight: 5,
          },
        ]
        : []),
      { arbitrary: raw.map(([k, v]) => [k, v] as [string, string]), weight: 2 },
      {
        arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) =>
          ["any_json", JSON.stringify(v)] as [string, string]
        ),
        weight: 1,
      },
      { arbitrary: fc.constant(["none", null] as [string, null]), weight: 1 },
    )
    : fc.constant(["none", null] as [string, null]);

  return fc.record({ path, query, auth, contentType, body }).map((r) => ({
    path: r.path,
    query: r.query,
    auth: r.auth,
    contentType: r.body[1] === null ? null : r.contentType,
    body: r.body[1],
    bodyKind: r.body[0],
  }));
}

function describe(op: Operation, r: Request): string {
  const q = r.query.length ? `?${new URLSearchParams(r.query.map(([k, v]) => [k, v]))}` : "";
  const body = r.body === null ? "" : ` ${r.bodyKind} ${r.body.slice(0, 160)}`;
  return `${op.method} ${r.path.slice(0, 200)}${q.slice(0, 200)} [auth ${r.auth}, ${
    r.contentType ?? "no type"
  }]${body}`;
}

/** Whether the JSON an operation declares for a status is the envelope (a raw JWKS, for one, is not). */
function declaresEnvelope(declared: Schema, components: Components): boolean {
  let schema: Schema | undefined = declared.content?.["application/json"]?.schema;
  for (let hops = 0; schema?.$ref && hops < 10; hops++) {
    schema = components[String(schema.$ref).replace("#/components/schemas/", "")];
  }
  return schema === undefined || "success" in (schema.properties ?? {});
}

/** What is wrong with one answer, if anything. */
function judge(
  op: Operation,
  status: number,
  contentType: string,
  text: string,
  components: Components,
): string | null {
  const declared: Schema | undefined = op.spec.responses?.[String(status)];
  if (!declared) return `undeclared_status`;
  if (status < 400 && !declaresEnvelope(declared, components)) {
    try {
      JSON.parse(text);
      return null;
    } catch {
      return "not_an_envelope";
    }
  }
  const declaredJson = declared.content === undefined || "application/json" in declared.content;
  if (!contentType.startsWith("application/json")) {
    return declaredJson && status !== 204 ? "not_an_envelope" : null;
  }
  let envelope: Schema;
  try {
    envelope = JSON.parse(text);
  } catch {
    return "not_an_envelope";
  }
  const shaped = envelope !== null && typeof envelope === "object" && typeof envelope.success === "boolean" &&
    typeof envelope.timestamp === "string" && "data" in envelope && "error" in envelope;
  if (!shaped) return "not_an_envelope";
  if (status >= 400) {
    const error = envelope.error;
    const coded = envelope.success === false && error && /^[A-Z][A-Z0-9_]*$/.test(String(error.code)) &&
      typeof error.message === "string" && error.message.length > 0;
    return coded ? null : "not_an_envelope";
  }
  return envelope.success === true && envelope.error === null ? null : "not_an_envelope";
}

Deno.test({
  name:
    "reliability fuzz: every OpenAPI operation with generated malformed requests: no 5xx, envelopes, no partial writes",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      await run.service.ensureOrganization({ orgId: ORG, userId: "fuzz-setup" }, "Fuzz Properties");
      await run.service.ensureOrganization({ orgId: "org-b", userId: "fuzz-setup" }, "Other Org");
      const connected = await connectWithMappings(run, ORG);
      assert.equal(connected.status, 200);
      const { records, intake } = await loadSamplePortfolio(run, ORG, {
        properties: 1,
        unitsPerProperty: 2,
        months: 2,
        bills: true,
        moveOut: true,
      });
      assert.equal(intake.status, 200);
      const queued = await fetch(`${run.base}${BASE_PATH}/sync`, {
        method: "POST",
        headers: { Authorization: `Bearer ${await token(ORG)}`, "Content-Type": "application/json" },
        body: JSON.stringify({ direction: "push" }),
      });
      const jobId = String((await queued.json()).data.id);
      while (await run.service.worker.runOnce()) { /* the push runs */ }

      const document = await (await fetch(`${run.base}${BASE_PATH}/openapi.json`)).json();
      const components: Components = document.components.schemas;
      const operations = operationsOf(document);
      const known = [
        ...new Set([
          ...records.slice(0, 8).map((r) => String((r.data as { id: string }).id)),
          jobId,
          connected.target.realmId,
          ORG,
          "tenant",
          "charge",
          "does-not-exist",
        ]),
      ];

      const findings: Finding[] = [];
      const statuses: Record<string, number> = {};
      let requests = 0;
      for (const [index, op] of operations.entries()) {
        const cases = fc.sample(requestArbitrary(op, components, known), {
          numRuns: RUNS,
          seed: SEED + index,
        });
        for (const r of cases) {
          const headers = new Headers();
          const auth = await bearerOf(r.auth);
          if (auth) headers.set("Authorization", auth);
          if (r.contentType) headers.set("Content-Type", r.contentType);
          const url = new URL(`${run.base}${BASE_PATH}${r.path}`);
          for (const [k, v] of r.query) url.searchParams.append(k, v);
          const before = await snapshot(run);
          const response = await fetch(url, {
            method: op.method,
            headers,
            body: r.body === null || op.method === "GET" ? undefined : r.body,
            redirect: "manual",
            signal: AbortSignal.timeout(30_000),
          });
          const type = response.headers.get("content-type") ?? "";
          // A stream (job progress) is judged by its headers; the fuzz does not wait for its end.
          const text = type.startsWith("text/event-stream")
            ? (await response.body?.cancel(), "")
            : await response.text();
          requests++;
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          const request = describe(op, r);
          const answer = `${response.status} ${type} ${text.slice(0, 300)}`;
          if (response.status >= 500) {
            const id = response.headers.get("x-request-id") ?? "";
            const cause = run.logs.filter((l) => id && l.includes(id) && l.includes('"error"')).at(-1) ?? "";
            findings.push({ kind: "5xx", request, answer: `${answer}\n  log: ${cause.slice(0, 600)}` });
          }
          const verdict = judge(op, response.status, type, text, components);
          if (verdict) findings.push({ kind: verdict as Finding["kind"], request, answer });
          if (response.status >= 400) {
            const code = type.startsWith("application/json") ? JSON.parse(text)?.error?.code : undefined;
            const recorded = RECORDED_FAILURES[code] ?? [];
            const changed = changedTables(before, await snapshot(run)).filter((t) => !recorded.includes(t));
            if (changed.length) {
              findings.push({ kind: "partial_write", request, answer: `${answer} changed ${changed}` });
            }
          }
        }
      }
      const byKind = Object.groupBy(findings, (f) => f.kind);
      console.log(
        `fuzz: ${requests} requests over ${operations.length} operations (seed ${SEED}, ${RUNS} per operation); ` +
          `statuses ${JSON.stringify(statuses)}; findings ${findings.length} ` +
          JSON.stringify(Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, v?.length]))),
      );
      assert.deepEqual(
        findings.slice(0, 15).map((f) => `${f.kind}: ${f.request}\n  -> ${f.answer}`),
        [],
      );
      assert.equal(requests, operations.length * RUNS);
      assert.ok(operations.length >= 59, `the document has ${operations.length} operations`);
    } finally {
      await run.close();
    }
  },
});
