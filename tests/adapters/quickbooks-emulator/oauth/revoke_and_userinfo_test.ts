import assert from "node:assert/strict";
import { authorize, basicAuth, exchangeCode, oauthFixture, REALM_A, tokenRequest } from "./oauth_fixture.ts";

Deno.test("revokeRoute: a JSON body revokes the whole grant (access and refresh)", async () => {
  const { app, server } = await oauthFixture();
  const { body } = await exchangeCode(app, (await authorize(app)).get("code")!);
  const res = await app.request("/v2/oauth2/tokens/revoke", {
    method: "POST",
    headers: { authorization: basicAuth(), "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ token: body.refresh_token }),
  });
  assert.equal(res.status, 200);
  assert.ok(res.headers.get("intuit_tid"));
  assert.deepEqual(server.tokens.authenticate(`Bearer ${body.access_token}`, REALM_A), {
    ok: false,
    reason: "revoked",
  });
  const refresh = await tokenRequest(app, { grant_type: "refresh_token", refresh_token: body.refresh_token });
  assert.equal((await refresh.json()).error, "invalid_grant");
});

Deno.test("revokeRoute: a form body with the access token revokes too", async () => {
  const { app, server } = await oauthFixture();
  const { body } = await exchangeCode(app, (await authorize(app)).get("code")!);
  const res = await app.request("/v2/oauth2/tokens/revoke", {
    method: "POST",
    headers: { authorization: basicAuth(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: body.access_token }).toString(),
  });
  assert.equal(res.status, 200);
  assert.deepEqual(server.tokens.authenticate(`Bearer ${body.access_token}`, REALM_A), {
    ok: false,
    reason: "revoked",
  });
});

Deno.test("revokeRoute: needs client authentication and a token", async () => {
  const { app } = await oauthFixture();
  const unauthenticated = await app.request("/v2/oauth2/tokens/revoke", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: "x" }),
  });
  assert.equal(unauthenticated.status, 401);
  const noToken = await app.request("/v2/oauth2/tokens/revoke", {
    method: "POST",
    headers: { authorization: basicAuth(), "content-type": "application/json" },
    body: "{}",
  });
  assert.equal(noToken.status, 400);
  assert.equal((await noToken.json()).error, "invalid_request");
});

Deno.test("userinfoRoute: returns the profile the scopes release", async () => {
  const { app } = await oauthFixture();
  const { body } = await exchangeCode(app, (await authorize(app)).get("code")!);
  const res = await app.request("/v1/openid_connect/userinfo", {
    headers: { authorization: `Bearer ${body.access_token}` },
  });
  assert.equal(res.status, 200);
  const info = await res.json();
  assert.equal(info.email, "emulator.user@example.com");
  assert.equal(info.givenName, "Emulator");
  assert.equal(info.phoneNumber, undefined, "phone scope not granted");
  const anonymous = await app.request("/v1/openid_connect/userinfo");
  assert.equal(anonymous.status, 401);
});

Deno.test("discovery: sandbox, hyphenated and production paths, trailing slash, emulator URLs", async () => {
  const { app } = await oauthFixture();
  for (
    const path of [
      "/.well-known/openid_sandbox_configuration",
      "/.well-known/openid_sandbox_configuration/",
      "/.well-known/openid-sandbox-configuration",
      "/.well-known/openid_configuration/",
    ]
  ) {
    const res = await app.request(path);
    assert.equal(res.status, 200, path);
    const doc = await res.json();
    assert.equal(doc.issuer, "https://oauth.platform.intuit.com/op/v1");
    assert.equal(doc.token_endpoint, "http://emulator.test/oauth2/v1/tokens/bearer");
    assert.equal(doc.authorization_endpoint, "http://emulator.test/connect/oauth2");
    assert.equal(doc.revocation_endpoint, "http://emulator.test/v2/oauth2/tokens/revoke");
    assert.equal(doc.userinfo_endpoint, "http://emulator.test/v1/openid_connect/userinfo");
    assert.equal(doc.jwks_uri, "http://emulator.test/op/v1/jwks");
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, [
      "client_secret_post",
      "client_secret_basic",
    ]);
    assert.deepEqual(doc.claims_supported, ["aud", "exp", "iat", "iss", "realmid", "sub"]);
  }
});
