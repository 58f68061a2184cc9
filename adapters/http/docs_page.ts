/**
 * A self-contained API reference page rendered on the server from the OpenAPI document, so `/docs`
 * works on a machine with no internet. The interactive Scalar reference (which loads its script
 * from a CDN) is linked from it at `/docs/interactive`.
 */
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
};

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function operationHtml(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? []).map((p) =>
    `<li><code>${escapeHtml(p.name)}</code> <small>(${escapeHtml(p.in)}${
      p.required ? ", required" : ""
    })</small></li>`
  ).join("");
  const body = op.requestBody?.content
    ? `<details><summary>Request body</summary><pre>${
      escapeHtml(JSON.stringify(Object.values(op.requestBody.content)[0]?.schema ?? {}, null, 2))
    }</pre></details>`
    : "";
  const responses = Object.entries(op.responses ?? {}).map(([status, r]) =>
    `<li><code>${escapeHtml(status)}</code> ${escapeHtml(r.description ?? "")}</li>`
  ).join("");
  return `<section id="${
    escapeHtml(`${method}-${path}`)
  }"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${
    op.security?.length ? ' <span class="lock">🔒 bearer</span>' : ""
  }</h3>
<p>${escapeHtml(op.summary ?? "")}</p>${op.description ? `<p>${escapeHtml(op.description)}</p>` : ""}
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
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${
    escapeHtml(doc.info.title)
  }</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1d2330}
code,pre{font-family:ui-monospace,monospace}pre{background:#f4f5f7;padding:.75rem;overflow:auto}
section{border-top:1px solid #e3e5e8;padding:.5rem 0}.m{font-size:.8rem;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#555}
.get{background:#2f7d32}.post{background:#1565c0}.put{background:#ef6c00}.delete{background:#c62828}.lock{font-size:.8rem;color:#666}</style>
</head><body><h1>${escapeHtml(doc.info.title)} <small>v${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description ?? "")}</p>
<p>Base paths: ${basePaths.map((b) => `<code>${escapeHtml(b)}</code>`).join(", ")} · OpenAPI document:
<a href="${escapeHtml(specUrl)}">${
    escapeHtml(specUrl)
  }</a> · <a href="/docs/interactive">interactive reference</a></p>
${sections}</body></html>`;
}
