/**
 * Typed client SDK for the EstateCore QuickBooks integration API (`@estatecore/quickbooks-sdk`).
 *
 * ```ts
 * import { createEstateCoreQuickBooksClient } from "@estatecore/quickbooks-sdk";
 * const api = createEstateCoreQuickBooksClient({ baseUrl: "http://localhost:8787/api/v1/quickbooks", token });
 * const { data, error } = await api.PUT("/records/vendor/{record_id}", {
 *   params: { path: { record_id: "ven_1" } },
 *   body: { name: "Ace Plumbing" },
 * });
 * ```
 *
 * Paths, parameters, bodies and answers (each operation's error codes included) are checked at
 * compile time against `schema.d.ts`, which `deno task sdk` generates from openapi/openapi.json,
 * together with this package's deno.json and package.json (version = the API's `info.version`).
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, operations, paths } from "./schema.d.ts";

export type { components, operations, paths };

/** A schema of the API by name, e.g. `Schema<"Vendor">`. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

export interface ClientOptions {
  /** e.g. `https://integrations.example.com/api/v1/quickbooks` */
  readonly baseUrl: string;
  /** Bearer JWT with `sub`, `org` and `role` claims. */
  readonly token?: string;
  /** Another fetch (tests, instrumentation). */
  readonly fetch?: (request: Request) => Promise<Response>;
}

/** The typed client of the API at `baseUrl`, sending `token` as the bearer token. */
export function createEstateCoreQuickBooksClient(options: ClientOptions): Client<paths> {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : undefined,
    fetch: options.fetch,
  });
}
