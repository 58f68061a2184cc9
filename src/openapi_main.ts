/** `deno task openapi`: writes openapi/openapi.json from the routes (the drift test compares them). */
import { configWithoutStoredSecrets } from "./composition/config_from_env.ts";
import { buildService } from "./composition/service.ts";

/** The OpenAPI document exactly as the service serves it, pretty-printed. */
export async function renderOpenApi(): Promise<string> {
  const service = await buildService(
    configWithoutStoredSecrets({ DATABASE_URL: ":memory:", LOG_LEVEL: "error", RUN_WORKER: "false" }),
    { emulatorInMemory: true },
  );
  try {
    const res = await service.app.request("/api/quickbooks/openapi.json");
    return JSON.stringify(await res.json(), null, 2) + "\n";
  } finally {
    await service.close();
  }
}

if (import.meta.main) {
  const path = new URL("../openapi/openapi.json", import.meta.url);
  await Deno.writeTextFile(path, await renderOpenApi());
  console.log(`wrote ${path.pathname}`);
}
