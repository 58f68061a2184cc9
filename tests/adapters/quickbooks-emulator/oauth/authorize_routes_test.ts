import assert from "node:assert/strict";
import { authorize, BASE, CLIENT_ID, oauthFixture, REALM_A, REALM_B, REDIRECT_URI } from "./oauth_fixture.ts";

function authorizeUrl(params: Record<string, string>): string {
  return "/connect/oauth2?" + new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: "code",
    scope: "com.intuit.quickbooks.accounting",
    redirect_uri: REDIRECT_URI,
    state: "xyz",
    ...params,
  });
}

Deno.test("authorizeRoutes: GET shows a consent page listing the companies, posting back to the emulator", async () => {
  const { app } = await oauthFixture();
  const res = await app.request(authorizeUrl({}));
  assert.equal(res.status, 200);
  assert.ok(res.headers.get("intuit_tid"));
  const html = await res.text();
  assert.match(html, /Maple Street Properties/);
  assert.match(html, /O&#39;Brien Holdings/);
  assert.match(html, new RegExp(`action="${BASE}/connect/oauth2"`));
  assert.match(html, /name="decision" value="approve"/);
});

Deno.test("authorizeRoutes: approving the form redirects with code, state and the chosen realmId", async () => {
  const { app } = await oauthFixture();
  const res = await app.request("/connect/oauth2", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: "code",
      scope: "com.intuit.quickbooks.accounting",
      redirect_uri: REDIRECT_URI,
      state: "abc",
      realm_id: REALM_B,
      decision: "approve",
    }).toString(),
  });
  assert.equal(res.status, 302);
  const location = new URL(res.headers.get("location")!);
  assert.equal(location.origin + location.pathname, REDIRECT_URI);
  assert.equal(location.searchParams.get("state"), "abc");
  assert.equal(location.searchParams.get("realmId"), REALM_B);
  assert.match(location.searchParams.get("code")!, /^AB11[A-Za-z0-9]{46}$/);
});

Deno.test("authorizeRoutes: auto_approve=true issues a code without a page", async () => {
  const { app } = await oauthFixture();
  const params = await authorize(app);
  assert.equal(params.get("realmId"), REALM_A);
  assert.equal(params.get("state"), "st-123");
  assert.ok(params.get("code"));
});

Deno.test("authorizeRoutes: denying redirects with error=access_denied and the state", async () => {
  const { app } = await oauthFixture();
  const res = await app.request(authorizeUrl({ auto_approve: "false" }));
  assert.equal(res.status, 302);
  const params = new URL(res.headers.get("location")!).searchParams;
  assert.equal(params.get("error"), "access_denied");
  assert.equal(params.get("state"), "xyz");
  assert.equal(params.get("code"), null);
});

Deno.test("authorizeRoutes: an unknown scope redirects with error=invalid_scope", async () => {
  const { app } = await oauthFixture();
  const res = await app.request(authorizeUrl({ scope: "com.intuit.quickbooks.accounting everything" }));
  assert.equal(res.status, 302);
  assert.equal(new URL(res.headers.get("location")!).searchParams.get("error"), "invalid_scope");
});

Deno.test("authorizeRoutes: a wrong response_type redirects with unsupported_response_type", async () => {
  const { app } = await oauthFixture();
  const res = await app.request(authorizeUrl({ response_type: "token" }));
  assert.equal(new URL(res.headers.get("location")!).searchParams.get("error"), "unsupported_response_type");
});

Deno.test("authorizeRoutes: unknown client and unregistered redirect_uri are shown, never redirected", async () => {
  const { app } = await oauthFixture();
  const badClient = await app.request(authorizeUrl({ client_id: "nobody" }));
  assert.equal(badClient.status, 400);
  assert.equal(badClient.headers.get("location"), null);
  assert.match(await badClient.text(), /Unknown client_id/);
  const badRedirect = await app.request(authorizeUrl({ redirect_uri: REDIRECT_URI + "/evil" }));
  assert.equal(badRedirect.status, 400);
  assert.equal(badRedirect.headers.get("location"), null);
  assert.match(await badRedirect.text(), /redirect_uri is not registered/);
});

Deno.test("authorizeRoutes: approving an unknown realm is refused", async () => {
  const { app } = await oauthFixture();
  const res = await app.request(authorizeUrl({ auto_approve: "true", realm_id: "404" }));
  assert.equal(res.status, 400);
});

Deno.test("authorizeRoutes: a non-S256 code_challenge_method is an invalid_request", async () => {
  const { app } = await oauthFixture();
  const res = await app.request(
    authorizeUrl({ code_challenge: "a".repeat(43), code_challenge_method: "plain" }),
  );
  assert.equal(new URL(res.headers.get("location")!).searchParams.get("error"), "invalid_request");
});
