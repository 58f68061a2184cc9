import { micromark } from "micromark";

/**
 * A self-contained API reference page rendered on the server from the OpenAPI document, so `/docs`
 * works on a machine with no internet. The interactive Scalar reference (which loads its script
 * from a CDN) is linked from it at `/docs/interactive`. Descriptions are CommonMark (rendered with
 * micromark, raw HTML escaped); schemas are shown as types whose references link to the schema's own
 * section, never as raw JSON with `$ref`s.
 */
type Json = Record<string, unknown>;

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Json }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>;
};

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A CommonMark description as HTML (raw HTML in it is escaped). */
export function markdown(text: string | undefined): string {
  return text ? micromark(text) : "";
}

const REF_PREFIX = "#/components/schemas/";
const schemaAnchor = (name: string) => `schema-${name}`;

/** The schema as a short type expression, each reference a link to its schema's section. */
function typeHtml(schema: Json | undefined): string {
  if (!schema) return "<code>any</code>";
  const ref = schema.$ref;
  if (typeof ref === "string") {
    const name = ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
    return `<a href="#${escapeHtml(schemaAnchor(name))}"><code>${escapeHtml(name)}</code></a>`;
  }
  for (const [key, joiner] of [["oneOf", " | "], ["anyOf", " | "], ["allOf", " &amp; "]] as const) {
    const parts = schema[key];
    if (Array.isArray(parts)) return parts.map((p) => typeHtml(p as Json)).join(joiner);
  }
  if (Array.isArray(schema.enum)) {
    return schema.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(" | ");
  }
  const types = Array.isArray(schema.type)
    ? schema.type as string[]
    : schema.type
    ? [schema.type as string]
    : [];
  const one = (type: string) => {
    if (type === "array") return `array of ${typeHtml(schema.items as Json | undefined)}`;
    if (type === "object" && !schema.properties && typeof schema.additionalProperties === "object") {
      return `map of ${typeHtml(schema.additionalProperties as Json)}`;
    }
    if (type === "object" && schema.properties) {
      // An inline object (an envelope, say) shows its fields; named ones link to their section.
      const fields = Object.entries(schema.properties as Record<string, Json>)
        .map(([name, field]) => `<code>${escapeHtml(name)}</code>: ${typeHtml(field)}`);
      return `{ ${fields.join("; ")} }`;
    }
    const format = typeof schema.format === "string" ? ` (${escapeHtml(schema.format)})` : "";
    return `<code>${escapeHtml(type)}</code>${format}`;
  };
  return types.length > 0 ? types.map(one).join(" | ") : "<code>any</code>";
}

/** An object schema's fields as a table (name, type, required, description). */
function fieldsHtml(schema: Json): string {
  const properties = schema.properties as Record<string, Json> | undefined;
  if (!properties) return "";
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows = Object.entries(properties).map(([name, field]) =>
    `<tr><td><code>${escapeHtml(name)}</code>${
      required.has(name) ? " <small>required</small>" : ""
    }</td><td>${typeHtml(field)}</td><td>${markdown(field.description as string | undefined)}</td></tr>`
  ).join("");
  return `<table><thead><tr><th>field</th><th>type</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function schemaSection(name: string, schema: Json): string {
  const shape = schema.properties ? "" : `<p>${typeHtml({ ...schema, description: undefined })}</p>`;
  return `<section id="${escapeHtml(schemaAnchor(name))}"><h3><code>${escapeHtml(name)}</code>${
    schema.deprecated ? " <small>deprecated</small>" : ""
  }</h3>${markdown(schema.description as string | undefined)}${shape}${fieldsHtml(schema)}</section>`;
}

function contentHtml(content: Record<string, { schema?: Json }> | undefined): string {
  return Object.entries(content ?? {}).map(([media, { schema }]) =>
    `<code>${escapeHtml(media)}</code>: ${typeHtml(schema)}`
  ).join("<br>");
}

function operationHtml(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? []).map((p) =>
    `<li><code>${escapeHtml(p.name)}</code> <small>(${escapeHtml(p.in)}${
      p.required ? ", required" : ""
    })</small> ${typeHtml(p.schema)}${markdown(p.description)}</li>`
  ).join("");
  const body = op.requestBody?.content
    ? `<h4>Request body${op.requestBody.required ? "" : " <small>(optional)</small>"}</h4><p>${
      contentHtml(op.requestBody.content)
    }</p>`
    : "";
  const responses = Object.entries(op.responses ?? {}).map(([status, r]) =>
    `<li><code>${escapeHtml(status)}</code> ${contentHtml(r.content)}${markdown(r.description)}</li>`
  ).join("");
  return `<section id="${
    escapeHtml(`${method}-${path}`)
  }"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${
    op.security?.length ? ' <span class="lock">🔒 bearer</span>' : ""
  }</h3>
<p>${escapeHtml(op.summary ?? "")}</p>${markdown(op.description)}
${
    params
      ? `<h4>Parameters</h4><ul>${params}</ul>`
      : ""
  }${body}<h4>Responses</h4><ul>${responses}</ul></section>`;
}

/** Renders the reference page for an OpenAPI 3.1 document served at `specUrl`. */
export function renderDocsPage(
  doc: {
    info: { title: string; version: string; description?: string };
    paths?: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, Json> };
  },
  specUrl: string,
  basePaths: readonly string[],
): string {
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] ?? "other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op)]);
    }
  }
  const sections = [...byTag.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, ops]) => `<h2>${escapeHtml(tag)}</h2>${ops.join("\n")}`).join("\n");
  const schemas = Object.entries(doc.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b))
    .map(([name, schema]) => schemaSection(name, schema)).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${
    escapeHtml(doc.info.title)
  }</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1d2330}
code,pre{font-family:ui-monospace,monospace}pre{background:#f4f5f7;padding:.75rem;overflow:auto}
section{border-top:1px solid #e3e5e8;padding:.5rem 0}.m{font-size:.8rem;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#555}
.get{background:#2f7d32}.post{background:#1565c0}.put{background:#ef6c00}.delete{background:#c62828}.lock{font-size:.8rem;color:#666}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.2rem .4rem;text-align:left;vertical-align:top}td p{margin:0}</style>
</head><body><h1>${escapeHtml(doc.info.title)} <small>v${escapeHtml(doc.info.version)}</small></h1>
${markdown(doc.info.description)}
<p>Base paths: ${basePaths.map((b) => `<code>${escapeHtml(b)}</code>`).join(", ")} · OpenAPI document:
<a href="${escapeHtml(specUrl)}">${
    escapeHtml(specUrl)
  }</a> · <a href="/docs/interactive">interactive reference</a> · <a href="#schemas">schemas</a></p>
${sections}
<h2 id="schemas">Schemas</h2>
${schemas}</body></html>`;
}
