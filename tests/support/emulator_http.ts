/**
 * Talking to the QuickBooks emulator over its HTTP API the way a client app does (OAuth code flow,
 * `/v3` calls with a bearer token, the admin API), in-process (`app.request`) or over the network.
 */
import assert from "node:assert/strict";

/** `app.request` or `fetch` against a base URL: a path in, a response out. */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

/** Over the network; `adminToken` goes with every admin API (`/_emulator...`) request. */
export function fetcherFor(base: string, adminToken?: string): Fetcher {
  return (path, init) => {
    if (adminToken === undefined || !path.startsWith("/_emulator")) return fetch(`${base}${path}`, init);
    const headers = new Headers(init?.headers);
    headers.set("Authorization", `Bearer ${adminToken}`);
    return fetch(`${base}${path}`, { ...init, headers });
  };
}

const CLIENT_ID = "emulator-client-id";
const BASIC = "Basic " + btoa(`${CLIENT_ID}:emulator-client-secret`);
const REDIRECT = "http://localhost:8787/api/quickbooks/oauth/callback";

// deno-lint-ignore no-explicit-any
export type Json = Record<string, any>;

/** The realm id of the emulator's first company (admin API). */
export async function firstRealm(f: Fetcher): Promise<string> {
  const res = await f("/_emulator/companies");
  assert.equal(res.status, 200);
  return (await res.json()).companies[0].realmId;
}

/** The default client's consent for `realmId`, auto-approved, exchanged for tokens. */
export async function connectRealm(
  f: Fetcher,
  realmId: string,
): Promise<{ access: string; refresh: string }> {
  const q = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: "code",
    scope: "com.intuit.quickbooks.accounting",
    redirect_uri: REDIRECT,
    state: "s",
    auto_approve: "true",
    realm_id: realmId,
  });
  const redirect = await f(`/connect/oauth2?${q}`, { redirect: "manual" });
  await redirect.body?.cancel();
  const code = new URL(redirect.headers.get("location")!).searchParams.get("code")!;
  const res = await f("/oauth2/v1/tokens/bearer", {
    method: "POST",
    headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT }).toString(),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return { access: body.access_token, refresh: body.refresh_token };
}

/** One `/v3/company/{realmId}` call; `body` makes it a POST. */
export async function v3(
  f: Fetcher,
  token: string,
  realmId: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const res = await f(`/v3/company/${realmId}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/json",
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** A `/v3` write or read that must succeed; returns the entity object of the answer. */
export async function v3Ok<T = Json>(
  f: Fetcher,
  token: string,
  realmId: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const { status, json } = await v3(f, token, realmId, path, body);
  assert.equal(status, 200, `${path}: ${JSON.stringify(json)}`);
  const key = Object.keys(json).find((k) => k !== "time")!;
  return json[key] as T;
}

/** Every object of an entity, through the admin browse API (no QuickBooks token, inactive ones included). */
export async function browseAll(f: Fetcher, realmId: string, entity: string): Promise<Json[]> {
  const out: Json[] = [];
  for (let offset = 0;; offset += 1000) {
    const res = await f(`/_emulator/companies/${realmId}/${entity}?limit=1000&offset=${offset}`);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    out.push(...body.items as Json[]);
    if (out.length >= body.total) return out;
  }
}
