import assert from "node:assert/strict";
import { renderSdkTypes } from "../src/sdk_main.ts";
import { createEstateCoreQuickBooksClient } from "../openapi/sdk/client.ts";
import { authHeader, startTestService } from "./support/service.ts";

Deno.test("openapi/sdk/schema.d.ts matches the committed OpenAPI document (run `deno task sdk`)", async () => {
  const spec = await Deno.readTextFile(new URL("../openapi/openapi.json", import.meta.url));
  const committed = await Deno.readTextFile(new URL("../openapi/sdk/schema.d.ts", import.meta.url));
  assert.equal(committed, await renderSdkTypes(spec), "SDK types are stale: run `deno task openapi && deno task sdk`");
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
