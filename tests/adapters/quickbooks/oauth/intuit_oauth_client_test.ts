import assert from "node:assert/strict";
import { IntuitOAuthClient } from "../../../../adapters/quickbooks/oauth/intuit_oauth_client.ts";
import { INTUIT_ISSUER } from "../../../../adapters/quickbooks/oauth/oauth_endpoints.ts";
import { isDomainError } from "../../../../domain/errors.ts";
import {
  approveConsent,
  EMULATOR_CLIENT,
  REALM,
  REDIRECT_URI,
  startEmulatedOAuthServer,
} from "../support/emulated_oauth_server.ts";

function clientFor(baseUrl: string, now = () => new Date()) {
  return new IntuitOAuthClient({
    ...EMULATOR_CLIENT,
    redirectUri: REDIRECT_URI,
    discoveryUrl: `${baseUrl}/.well-known/openid_sandbox_configuration`,
    issuer: INTUIT_ISSUER,
    clock: { now },
  });
}

async function authorize(client: IntuitOAuthClient) {
  const state = client.createState();
  const pkce = await client.createPkcePair();
  const url = await client.authorizationUrl({ state, codeChallenge: pkce.challenge });
  const callback = await approveConsent(url);
  return { state, pkce, url: new URL(url), callback };
}

Deno.test("IntuitOAuthClient runs the code flow with PKCE and validates the ID token", async () => {
  const emulator = await startEmulatedOAuthServer();
  try {
    const now = new Date();
    const client = clientFor(emulator.baseUrl, () => now);
    assert.equal(await client.supportsPkce(), true);
    const { state, pkce, url, callback } = await authorize(client);
    assert.equal(url.searchParams.get("code_challenge_method"), "S256");
    assert.match(url.searchParams.get("scope")!, /com\.intuit\.quickbooks\.accounting/);
    assert.equal(callback.get("state"), state);
    assert.equal(callback.get("realmId"), REALM);
    const grant = await client.exchangeCode({
      code: callback.get("code")!,
      state,
      codeVerifier: pkce.verifier,
    });
    assert.ok(grant.userSubject);
    assert.ok(grant.tokens.accessToken.length > 10);
    assert.equal(grant.tokens.accessTokenExpiresAt.getTime(), now.getTime() + 3600_000);
    assert.equal(grant.tokens.refreshTokenExpiresAt.getTime(), now.getTime() + 8_726_400_000);
    assert.ok(grant.tokens.refreshTokenHardExpiresAt !== null);
  } finally {
    await emulator.close();
  }
});

Deno.test("IntuitOAuthClient.exchangeCode refuses a reused code and a wrong PKCE verifier with QB002", async () => {
  const emulator = await startEmulatedOAuthServer();
  try {
    const client = clientFor(emulator.baseUrl);
    const first = await authorize(client);
    await client.exchangeCode({
      code: first.callback.get("code")!,
      state: first.state,
      codeVerifier: first.pkce.verifier,
    });
    await assert.rejects(
      client.exchangeCode({
        code: first.callback.get("code")!,
        state: first.state,
        codeVerifier: first.pkce.verifier,
      }),
      (error) => isDomainError(error) && error.code === "QB002",
    );
    const second = await authorize(client);
    const other = await client.createPkcePair();
    await assert.rejects(
      client.exchangeCode({
        code: second.callback.get("code")!,
        state: second.state,
        codeVerifier: other.verifier,
      }),
      (error) => isDomainError(error) && error.code === "QB002",
    );
  } finally {
    await emulator.close();
  }
});

Deno.test("IntuitOAuthClient.refresh rotates the refresh token; after revoke it fails with QB002", async () => {
  const emulator = await startEmulatedOAuthServer();
  try {
    const client = clientFor(emulator.baseUrl);
    const { state, pkce, callback } = await authorize(client);
    const grant = await client.exchangeCode({
      code: callback.get("code")!,
      state,
      codeVerifier: pkce.verifier,
    });
    const refreshed = await client.refresh(grant.tokens.refreshToken);
    assert.notEqual(refreshed.accessToken, grant.tokens.accessToken);
    await client.revoke(refreshed.refreshToken);
    await assert.rejects(
      client.refresh(refreshed.refreshToken),
      (error) =>
        isDomainError(error) && error.code === "QB002" && !error.message.includes(refreshed.refreshToken),
    );
  } finally {
    await emulator.close();
  }
});

Deno.test("IntuitOAuthClient refuses plain-HTTP discovery for anything but loopback, before any request", async () => {
  let requests = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    requests++;
    return new Response("{}");
  });
  try {
    for (const base of ["http://oauth.platform.intuit.com", "ftp://127.0.0.1"]) {
      await assert.rejects(
        clientFor(base).supportsPkce(),
        (error) => isDomainError(error) && error.code === "CONFIG_INVALID",
      );
    }
    assert.equal(requests, 0);
  } finally {
    await server.shutdown();
  }
});

Deno.test("IntuitOAuthClient refuses a local discovery document that points at remote plain-HTTP endpoints", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () =>
    Response.json({
      issuer: INTUIT_ISSUER,
      authorization_endpoint: "https://appcenter.intuit.com/connect/oauth2",
      token_endpoint: "http://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
      jwks_uri: "https://oauth.platform.intuit.com/op/v1/jwks",
    }));
  try {
    await assert.rejects(
      clientFor(`http://127.0.0.1:${server.addr.port}`).supportsPkce(),
      (error) => isDomainError(error) && error.code === "CONFIG_INVALID",
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("IntuitOAuthClient.exchangeCode rejects an ID token not signed by the published keys", async () => {
  const real = await startEmulatedOAuthServer();
  const stranger = await startEmulatedOAuthServer();
  // A discovery document whose JWKS belongs to another server: the token's signature cannot verify.
  const proxy = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    const url = new URL(request.url);
    const upstream = new URL(url.pathname + url.search, real.baseUrl);
    if (url.pathname.startsWith("/.well-known/")) {
      const discovery = await (await fetch(upstream)).json();
      return Response.json({ ...discovery, jwks_uri: `${stranger.baseUrl}/op/v1/jwks` });
    }
    return fetch(new Request(upstream, request), { redirect: "manual" });
  });
  try {
    const client = clientFor(`http://127.0.0.1:${proxy.addr.port}`);
    const { state, pkce, callback } = await authorize(client);
    await assert.rejects(
      client.exchangeCode({ code: callback.get("code")!, state, codeVerifier: pkce.verifier }),
      (error) =>
        isDomainError(error) && error.code === "OAUTH_STATE_INVALID" && /ID token/.test(error.message),
    );
  } finally {
    await proxy.shutdown();
    await real.close();
    await stranger.close();
  }
});
