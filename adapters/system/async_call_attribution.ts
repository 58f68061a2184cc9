import { AsyncLocalStorage } from "node:async_hooks";
import type { CallAttribution } from "../../domain/ports/call_attribution.ts";

/** Call attribution over AsyncLocalStorage: the key follows the request through every await. */
export function asyncCallAttribution(): CallAttribution {
  const storage = new AsyncLocalStorage<string | null>();
  return {
    run: (apiKeyId, work) => storage.run(apiKeyId, work),
    current: () => storage.getStore() ?? null,
  };
}
