/**
 * The reference pages render cleanly: every `$ref` of the served OpenAPI document resolves (the
 * interactive Scalar page shows an unresolved one raw), every description renders as CommonMark
 * without leftover markdown, and the offline /docs page shows types and links, never a raw `$ref`.
 */
import assert from "node:assert/strict";
import { markdown } from "../../../adapters/http/docs_page.ts";
import { startTestService } from "../../support/service.ts";

type Json = Record<string, unknown>;

/** Every value under `key` in `value`, with the JSON path where it is. */
function collect(value: unknown, key: string, path = "#"): { path: string; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => collect(v, key, `${path}/${i}`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k === key ? [{ path: `${path}/${k}`, value: v }] : []),
    ...collect(v, key, `${path}/${k.replaceAll("~", "~0").replaceAll("/", "~1")}`),
  ]);
}

function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref.slice(2).split("/").map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], doc);
}

Deno.test("GET /openapi.json: every $ref resolves and every description is CommonMark that leaves no markdown behind", async () => {
  const svc = await startTestService();
  try {
    for (const url of ["/openapi.json", "/api/v1/quickbooks/openapi.json"]) {
      const doc = await (await svc.app.request(url)).json() as Json;
      const refs = collect(doc, "$ref");
      assert.ok(refs.length > 100, `the document uses references (${refs.length})`);
      const dangling = refs.filter((r) =>
        typeof r.value !== "string" || resolvePointer(doc, r.value) === undefined
      )
        .map((r) => `${r.path} -> ${String(r.value)}`);
      assert.deepEqual(dangling, [], "unresolved $refs");
      const leftovers = collect(doc, "description").filter((d) => typeof d.value === "string")
        .filter((d) => /`|\*\*|\$ref/.test(markdown(d.value as string).replace(/<code>[^<]*<\/code>/g, "")))
        .map((d) => `${d.path}: ${d.value}`);
      assert.deepEqual(leftovers, [], "descriptions with markdown that does not render");
      // A summary is plain text (reference pages do not render markdown in it).
      const marked = collect(doc, "summary").filter((s) =>
        typeof s.value === "string" && /`|\*\*/.test(s.value)
      );
      assert.deepEqual(marked.map((s) => `${s.path}: ${s.value}`), [], "summaries with markdown");
    }
  } finally {
    await svc.close();
  }
});

Deno.test("renderDocsPage (/docs) shows types with links to each schema, rendered markdown and no raw $ref", async () => {
  const svc = await startTestService();
  try {
    const html = await (await svc.app.request("/docs")).text();
    assert.doesNotMatch(html, /\$ref/);
    assert.doesNotMatch(html.replace(/<code>[^<]*<\/code>/g, ""), /`/, "no raw markdown backticks");
    assert.match(html, /Send <code>Content-Type: application\/x-ndjson<\/code>/);
    assert.match(html, /<section id="schema-Vendor">/);
    assert.match(html, /<a href="#schema-VendorUpsert"><code>VendorUpsert<\/code><\/a>/);
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const broken = [...new Set([...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]))].filter((a) =>
      !ids.has(a)
    );
    assert.deepEqual(broken, [], "every in-page link has its section");
  } finally {
    await svc.close();
  }
});
