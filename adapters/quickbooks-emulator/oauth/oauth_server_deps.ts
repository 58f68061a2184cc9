/** What the OAuth/OpenID routes share. */
import type { Context } from "hono";
import type { CompanyDirectory, EmulatorClock } from "../contracts.ts";
import type { TokenLifetimes } from "../config.ts";
import type { AuthorizationCodeStore } from "./authorization_codes.ts";
import type { ClientRegistry } from "./client_registry.ts";
import type { EmulatorUrls } from "./endpoint_paths.ts";
import type { IdTokenSigner } from "./id_token_signer.ts";
import type { TokenService } from "./token_service.ts";

export interface OAuthServerDeps {
  readonly clients: ClientRegistry;
  readonly codes: AuthorizationCodeStore;
  readonly tokens: TokenService;
  readonly signer: IdTokenSigner;
  readonly companies: CompanyDirectory;
  readonly clock: EmulatorClock;
  readonly lifetimes: TokenLifetimes;
  /** The one emulated QuickBooks user who consents (id_token `sub`). */
  readonly subject: string;
  /** Public URLs as seen by the caller of this request (handles mounting under a prefix). */
  readonly urlsFor: (c: Context) => EmulatorUrls;
}

/** Reads an urlencoded or multipart form body as plain strings (files ignored). */
export async function readFormBody(c: Context): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!/application\/x-www-form-urlencoded|multipart\/form-data/i.test(type)) return {};
  const parsed = await c.req.parseBody();
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === "string") form[key] = value;
  }
  return form;
}
