import assert from "node:assert/strict";
import { renderSdk } from "../src/sdk_main.ts";
import { createEstateCoreQuickBooksClient } from "../openapi/sdk/client.ts";
import { authHeader, startTestService } from "./support/service.ts";

Deno.test("openapi/sdk (schema.d.ts, deno.json, package.json) matches the committed OpenAPI document (run `deno task sdk`)", async () => {
  const spec = await Deno.readTextFile(new URL("../openapi/openapi.json", import.meta.url));
  const denoJson = await Deno.readTextFile(new URL("../deno.json", import.meta.url));
  const files = await renderSdk(spec, denoJson);
  assert.deepEqual(Object.keys(files).sort(), ["deno.json", "package.json", "schema.d.ts"]);
  for (const [name, text] of Object.entries(files)) {
    const committed = await Deno.readTextFile(new URL(`../openapi/sdk/${name}`, import.meta.url));
    assert.equal(committed, text, `openapi/sdk/${name} is stale: run \`deno task openapi && deno task sdk\``);
  }
  const manifest = JSON.parse(files["package.json"]);
  assert.equal(manifest.name, "@estatecore/quickbooks-sdk");
  assert.equal(manifest.version, JSON.parse(spec).info.version, "the SDK's version is the API's");
  assert.match(manifest.dependencies["openapi-fetch"], /^\d+\.\d+\.\d+$/, "an exact openapi-fetch version");
});

Deno.test("createEstateCoreQuickBooksClient calls the service with typed paths", async () => {
  const svc = await startTestService();
  try {
    const token = (await authHeader("org-sdk")).Authorization.slice("Bearer ".length);
    const api = createEstateCoreQuickBooksClient({
      baseUrl: "http://service.test/api/v1/quickbooks",
      token,
      fetch: (request) => Promise.resolve(svc.app.fetch(request)),
    });
    const put = await api.PUT("/organization", { body: { name: "SDK Org" } });
    assert.equal(put.response.status, 201);
    assert.equal(put.data?.data.name, "SDK Org");
    const denied = await api.GET("/organizations/{org_id}", { params: { path: { org_id: "someone-else" } } });
    assert.equal(denied.response.status, 403);
    assert.equal(denied.error?.error.code, "ORG_ACCESS_DENIED");
  } finally {
    await svc.close();
  }
});
