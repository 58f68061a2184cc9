import assert from "node:assert/strict";
import { createLocalJWKSet, jwtVerify } from "jose";
import {
  authorize,
  basicAuth,
  CLIENT_ID,
  CLIENT_SECRET,
  exchangeCode,
  oauthFixture,
  REALM_A,
  REDIRECT_URI,
  tokenRequest,
} from "./oauth_fixture.ts";

const HOUR = 3_600_000;

async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = "v".repeat(20) + "-abcdefghijklmnopqrstuvwxyz0123456789";
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const challenge = btoa(String.fromCharCode(...digest)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
  return { verifier, challenge };
}

Deno.test("tokenRoute: authorization_code exchange returns Intuit's fields and an intuit_tid", async () => {
  const { app, server } = await oauthFixture();
  const code = (await authorize(app)).get("code")!;
  const { res, body } = await exchangeCode(app, code);
  assert.equal(res.status, 200);
  assert.ok(res.headers.get("intuit_tid"));
  assert.equal(body.token_type, "bearer");
  assert.equal(body.expires_in, 3600);
  assert.equal(body.x_refresh_token_expires_in, 8726400);
  assert.equal(body.x_refresh_token_hard_expires_in, undefined);
  assert.match(body.refresh_token, /^AB11/);
  const auth = server.tokens.authenticate(`Bearer ${body.access_token}`, REALM_A);
  assert.deepEqual(auth, {
    ok: true,
    grant: {
      realmId: REALM_A,
      clientId: CLIENT_ID,
      scopes: ["com.intuit.quickbooks.accounting", "openid", "profile", "email"],
    },
  });
});

Deno.test("tokenRoute: the id_token verifies against the JWKS with Intuit's issuer and an array audience", async () => {
  const { app, clock } = await oauthFixture();
  const code = (await authorize(app)).get("code")!;
  const { body } = await exchangeCode(app, code);
  const jwks = await (await app.request("/op/v1/jwks")).json();
  assert.equal(jwks.keys[0].alg, "RS256");
  const { payload, protectedHeader } = await jwtVerify(body.id_token, createLocalJWKSet(jwks), {
    issuer: "https://oauth.platform.intuit.com/op/v1",
    audience: CLIENT_ID,
    currentDate: clock.now(),
  });
  assert.equal(protectedHeader.kid, jwks.keys[0].kid);
  assert.deepEqual(payload.aud, [CLIENT_ID]);
  assert.equal(payload.realmid, REALM_A);
  assert.equal(payload.iat, clock.now().getTime() / 1000);
  assert.equal(payload.exp, clock.now().getTime() / 1000 + 3600);
  assert.equal(typeof payload.sub, "string");
});

Deno.test("tokenRoute: the id_token echoes the authorize request's nonce", async () => {
  const { app } = await oauthFixture();
  const code = (await authorize(app, { nonce: "n-0S6_WzA2Mj" })).get("code")!;
  const { body } = await exchangeCode(app, code);
  const payload = JSON.parse(atob(body.id_token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  assert.equal(payload.nonce, "n-0S6_WzA2Mj");
});

Deno.test("tokenRoute: no id_token without the openid scope", async () => {
  const { app } = await oauthFixture();
  const code = (await authorize(app, {}, "com.intuit.quickbooks.accounting")).get("code")!;
  const { body } = await exchangeCode(app, code);
  assert.equal(body.id_token, undefined);
});

Deno.test("tokenRoute: client_secret_post authenticates like HTTP Basic", async () => {
  const { app } = await oauthFixture();
  const code = (await authorize(app)).get("code")!;
  const res = await tokenRequest(app, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
  }, {});
  assert.equal(res.status, 200);
});

Deno.test("tokenRoute: a bad client secret is 401 invalid_client with an intuit_tid", async () => {
  const { app } = await oauthFixture();
  const code = (await authorize(app)).get("code")!;
  const res = await tokenRequest(
    app,
    { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI },
    {
      authorization: basicAuth(CLIENT_ID, "wrong"),
    },
  );
  assert.equal(res.status, 401);
  assert.ok(res.headers.get("intuit_tid"));
  assert.equal((await res.json()).error, "invalid_client");
  const none = await tokenRequest(
    app,
    { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI },
    {},
  );
  assert.equal(none.status, 401);
});

Deno.test("tokenRoute: a redirect_uri different from the authorize request is invalid_grant", async () => {
  const { app } = await oauthFixture();
  const code = (await authorize(app)).get("code")!;
  const { res, body } = await exchangeCode(app, code, {
    redirect_uri: "http://127.0.0.1:8787/api/quickbooks/oauth/callback",
  });
  assert.equal(res.status, 400);
  assert.equal(body.error, "invalid_grant");
});

Deno.test("tokenRoute: a reused code is invalid_grant and revokes the tokens of its first use", async () => {
  const { app, server } = await oauthFixture();
  const code = (await authorize(app)).get("code")!;
  const first = await exchangeCode(app, code);
  assert.equal(first.res.status, 200);
  const second = await exchangeCode(app, code);
  assert.equal(second.res.status, 400);
  assert.deepEqual(second.body, { error_description: "Token invalid", error: "invalid_grant" });
  assert.ok(second.res.headers.get("intuit_tid"));
  assert.deepEqual(server.tokens.authenticate(`Bearer ${first.body.access_token}`, REALM_A), {
    ok: false,
    reason: "revoked",
  });
});

Deno.test("tokenRoute: a code expires after five minutes", async () => {
  const { app, clock } = await oauthFixture();
  const code = (await authorize(app)).get("code")!;
  clock.advance(300_000);
  const { res, body } = await exchangeCode(app, code);
  assert.equal(res.status, 400);
  assert.equal(body.error, "invalid_grant");
  const fresh = (await authorize(app)).get("code")!;
  clock.advance(299_999);
  assert.equal((await exchangeCode(app, fresh)).res.status, 200);
});

Deno.test("tokenRoute: PKCE S256 needs the right code_verifier", async () => {
  const { app } = await oauthFixture();
  const { verifier, challenge } = await pkcePair();
  const extra = { code_challenge: challenge, code_challenge_method: "S256" };
  const missing = await exchangeCode(app, (await authorize(app, extra)).get("code")!);
  assert.equal(missing.body.error, "invalid_grant");
  const wrong = await exchangeCode(app, (await authorize(app, extra)).get("code")!, {
    code_verifier: verifier.replace("v", "w"),
  });
  assert.equal(wrong.body.error, "invalid_grant");
  const right = await exchangeCode(app, (await authorize(app, extra)).get("code")!, {
    code_verifier: verifier,
  });
  assert.equal(right.res.status, 200);
});

Deno.test("tokenRoute: refresh rotates; the previous token works for 24 h after rotation, then not", async () => {
  const { app, clock } = await oauthFixture();
  const { body: initial } = await exchangeCode(app, (await authorize(app)).get("code")!);
  const r1 = initial.refresh_token;
  clock.advance(2 * HOUR);
  const rotated = await (await tokenRequest(app, { grant_type: "refresh_token", refresh_token: r1 })).json();
  const r2 = rotated.refresh_token;
  assert.notEqual(r2, r1);
  assert.notEqual(rotated.access_token, initial.access_token);
  assert.equal(rotated.x_refresh_token_expires_in, 8726400);

  clock.advance(24 * HOUR - 1);
  const stillOk = await tokenRequest(app, { grant_type: "refresh_token", refresh_token: r1 });
  assert.equal(stillOk.status, 200);
  assert.equal((await stillOk.json()).refresh_token, r2, "the old token yields the newest one");

  clock.advance(1);
  const rejected = await tokenRequest(app, { grant_type: "refresh_token", refresh_token: r1 });
  assert.equal(rejected.status, 400);
  assert.deepEqual(await rejected.json(), {
    error_description: "Token has been expired or revoked.",
    error: "invalid_grant",
  });
  const current = await tokenRequest(app, { grant_type: "refresh_token", refresh_token: r2 });
  assert.equal(current.status, 200);
});

Deno.test("tokenRoute: a refresh token unused for its whole rolling lifetime expires", async () => {
  const { app, clock } = await oauthFixture();
  const { body } = await exchangeCode(app, (await authorize(app)).get("code")!);
  clock.advance(8726400 * 1000);
  const res = await tokenRequest(app, { grant_type: "refresh_token", refresh_token: body.refresh_token });
  assert.equal((await res.json()).error, "invalid_grant");
});

Deno.test("tokenRoute: x_refresh_token_hard_expires_in only with the opt-in header, counting down", async () => {
  const { app, clock } = await oauthFixture();
  const code = (await authorize(app)).get("code")!;
  const res = await tokenRequest(
    app,
    { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI },
    {
      authorization: basicAuth(),
      "x-include-refresh-token-hard-expires-in": "true",
    },
  );
  const body = await res.json();
  assert.equal(body.x_refresh_token_hard_expires_in, 157680000);
  clock.advance(1000 * HOUR);
  const refreshed =
    await (await tokenRequest(app, { grant_type: "refresh_token", refresh_token: body.refresh_token }, {
      authorization: basicAuth(),
      "x-include-refresh-token-hard-expires-in": "true",
    })).json();
  assert.equal(refreshed.x_refresh_token_hard_expires_in, 157680000 - 3_600_000);
  const plain = await (await tokenRequest(app, {
    grant_type: "refresh_token",
    refresh_token: refreshed.refresh_token,
  })).json();
  assert.equal(plain.x_refresh_token_hard_expires_in, undefined);
});

Deno.test("tokenRoute: unknown grant types and missing parameters", async () => {
  const { app } = await oauthFixture();
  const unsupported = await tokenRequest(app, { grant_type: "password" });
  assert.equal(unsupported.status, 400);
  assert.equal((await unsupported.json()).error, "unsupported_grant_type");
  const missing = await tokenRequest(app, { grant_type: "refresh_token" });
  assert.equal((await missing.json()).error, "invalid_request");
  const unknown = await tokenRequest(app, { grant_type: "refresh_token", refresh_token: "AB11nope" });
  assert.deepEqual(await unknown.json(), { error_description: "Token invalid", error: "invalid_grant" });
});
