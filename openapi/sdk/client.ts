/**
 * Typed client SDK for the EstateCore QuickBooks integration API.
 *
 * ```ts
 * import { createEstateCoreQuickBooksClient } from "./openapi/sdk/client.ts";
 * const api = createEstateCoreQuickBooksClient({ baseUrl: "http://localhost:8787/api/v1/quickbooks", token });
 * const { data, error } = await api.GET("/organization");
 * ```
 *
 * Paths, parameters and bodies are checked at compile time against `schema.d.ts`, which
 * `deno task sdk` generates from openapi/openapi.json.
 */
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema.d.ts";

export type { paths };

export interface ClientOptions {
  /** e.g. `https://integrations.example.com/api/v1/quickbooks` */
  readonly baseUrl: string;
  /** Bearer JWT with `sub`, `org` and `role` claims. */
  readonly token?: string;
  readonly fetch?: (request: Request) => Promise<Response>;
}

export function createEstateCoreQuickBooksClient(options: ClientOptions): Client<paths> {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : undefined,
    fetch: options.fetch,
  });
}
