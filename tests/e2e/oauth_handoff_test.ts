/**
 * The OAuth hand-off end to end (issue 12), through the HTTP API and the emulator's real consent
 * page on a loopback port: POST /connect with an allow-listed return_url -> consent (Connect or
 * Cancel) -> callback -> 303 back to the return URL with the outcome; without a return_url the
 * callback answers JSON. A denial is OAUTH_ACCESS_DENIED, audited, and connects nothing.
 */
import assert from "node:assert/strict";
import { api, type Running, startService } from "../support/e2e_service.ts";

const RETURN_URL = "https://app.example.com/settings/integrations?tab=qbo";
const ENV = { OAUTH_RETURN_URL_ALLOWLIST: "https://app.example.com/settings" };

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Plays the user on the emulator's consent page: loads it and submits its form with the button pressed. */
async function consent(authorizationUrl: string, button: "approve" | "deny"): Promise<URL> {
  const page = await fetch(authorizationUrl);
  assert.equal(page.status, 200);
  const html = await page.text();
  const action = unescapeHtml(/<form method="post" action="([^"]+)"/.exec(html)![1]);
  const form = new URLSearchParams();
  for (const input of html.matchAll(/<input type="(?:hidden|radio)" name="([^"]+)" value="([^"]*)"/g)) {
    form.set(input[1], unescapeHtml(input[2]));
  }
  assert.match(html, new RegExp(`name="decision" value="${button}"`));
  form.set("decision", button);
  const redirect = await fetch(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    redirect: "manual",
  });
  await redirect.body?.cancel();
  assert.equal(redirect.status, 302);
  const callback = new URL(redirect.headers.get("location")!);
  assert.equal(callback.pathname, "/api/quickbooks/oauth/callback");
  return callback;
}

async function startConnect(run: Running, org: string, returnUrl?: string): Promise<string> {
  const started = await api(
    run,
    "POST",
    "/connect",
    org,
    returnUrl === undefined ? undefined : { return_url: returnUrl },
  );
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const authorizationUrl = started.body.data.authorization_url as string;
  assert.ok(!authorizationUrl.includes("app.example.com"), "the return URL never travels to Intuit");
  return authorizationUrl;
}

async function follow(callback: URL): Promise<Response> {
  return await fetch(callback, { redirect: "manual" });
}

async function json(response: Response) {
  assert.equal(response.headers.get("location"), null);
  return await response.json();
}

Deno.test({
  name:
    "OAuth hand-off: Connect with an allow-listed return_url -> 303 back with status=connected and realm_id",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService({}, ENV);
    try {
      await api(run, "PUT", "/organization", "org-h", { name: "Hand-off Properties" });
      const authorizationUrl = await startConnect(run, "org-h", RETURN_URL);
      const stored = await run.service.database.db.selectFrom("oauth_states").select("return_url").execute();
      assert.deepEqual(stored, [{ return_url: RETURN_URL }]);

      const callback = await consent(authorizationUrl, "approve");
      assert.equal(callback.searchParams.has("return_url"), false);
      const realmId = callback.searchParams.get("realmId")!;
      const answer = await follow(callback);
      await answer.body?.cancel();
      assert.equal(answer.status, 303);
      assert.equal(answer.headers.get("cache-control"), "no-store");
      assert.equal(
        answer.headers.get("location"),
        `https://app.example.com/settings/integrations?tab=qbo&status=connected&realm_id=${realmId}`,
      );
      const status = await api(run, "GET", "/status", "org-h");
      assert.equal(status.body.data.connected, true);
      assert.equal(status.body.data.realm_id, realmId);

      // Replaying the used state: no pending authorization, so no trusted return URL: JSON.
      const replay = await follow(callback);
      assert.equal(replay.status, 400);
      assert.equal((await json(replay)).error.code, "OAUTH_STATE_INVALID");
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name:
    "OAuth hand-off: Cancel on the consent page is OAUTH_ACCESS_DENIED (403 JSON, or 303 with status=denied)",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService({}, ENV);
    try {
      await api(run, "PUT", "/organization", "org-d", { name: "Declining Properties" });

      // Without a return_url: JSON, as before, but with its own code.
      const cancelled = await consent(await startConnect(run, "org-d"), "deny");
      assert.equal(cancelled.searchParams.get("error"), "access_denied");
      assert.ok(cancelled.searchParams.get("state"));
      assert.equal(cancelled.searchParams.get("code"), null);
      const denied = await follow(cancelled);
      assert.equal(denied.status, 403);
      const body = await json(denied);
      assert.equal(body.error.code, "OAUTH_ACCESS_DENIED");
      // The state was consumed by the denial.
      const replay = await follow(cancelled);
      assert.equal(replay.status, 400);
      assert.equal((await json(replay)).error.code, "OAUTH_STATE_INVALID");

      // With a return_url: back to it with status=denied and the code, no realm.
      const cancelledBack = await consent(await startConnect(run, "org-d", RETURN_URL), "deny");
      const back = await follow(cancelledBack);
      await back.body?.cancel();
      assert.equal(back.status, 303);
      const location = new URL(back.headers.get("location")!);
      assert.equal(location.origin + location.pathname, "https://app.example.com/settings/integrations");
      assert.deepEqual([...location.searchParams], [
        ["tab", "qbo"],
        ["status", "denied"],
        ["code", "OAUTH_ACCESS_DENIED"],
      ]);
      const replayBack = await follow(cancelledBack);
      assert.equal(replayBack.status, 400);
      assert.equal((await json(replayBack)).error.code, "OAUTH_STATE_INVALID");

      // Nothing was connected; both denials are in the audit trail.
      assert.deepEqual((await api(run, "GET", "/connections", "org-d")).body.data, []);
      const audit = await api(run, "GET", "/audit", "org-d");
      const denials = audit.body.data.filter((r: { action: string }) => r.action === "connection.denied");
      assert.equal(denials.length, 2);
      assert.deepEqual(denials[0].details, { code: "OAUTH_ACCESS_DENIED", oauth_error: "access_denied" });
      assert.equal(denials[0].actor, "user:user-1");
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name:
    "OAuth hand-off: another error from Intuit is OAUTH_AUTHORIZATION_FAILED (502 JSON, or 303 with status=failed)",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService({}, ENV);
    try {
      await api(run, "PUT", "/organization", "org-f", { name: "Failing Properties" });
      // What Intuit sends when it refuses the request itself: the state and an error.
      const intuitError = (authorizationUrl: string) => {
        const callback = new URL(`${run.base}/api/quickbooks/oauth/callback`);
        callback.searchParams.set("state", new URL(authorizationUrl).searchParams.get("state")!);
        callback.searchParams.set("error", "server_error");
        callback.searchParams.set("error_description", "try later");
        return callback;
      };
      const plain = await follow(intuitError(await startConnect(run, "org-f")));
      assert.equal(plain.status, 502);
      const body = await json(plain);
      assert.equal(body.error.code, "OAUTH_AUTHORIZATION_FAILED");
      assert.equal(body.error.details.oauth_error, "server_error");

      const back = await follow(intuitError(await startConnect(run, "org-f", RETURN_URL)));
      await back.body?.cancel();
      assert.equal(back.status, 303);
      assert.equal(
        back.headers.get("location"),
        "https://app.example.com/settings/integrations?tab=qbo&status=failed&code=OAUTH_AUTHORIZATION_FAILED",
      );
      assert.deepEqual((await api(run, "GET", "/connections", "org-f")).body.data, []);
      const actions = (await api(run, "GET", "/audit", "org-f")).body.data.map((r: { action: string }) =>
        r.action
      );
      assert.deepEqual(actions, ["organization.registered", "connection.failed", "connection.failed"]);
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name:
    "OAuth hand-off: a disallowed return_url is refused before Intuit is involved, and no state is stored",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService({}, ENV);
    try {
      await api(run, "PUT", "/organization", "org-x", { name: "Evil Properties" });
      for (
        const evil of ["https://app.example.com.evil.io/settings", "https://app.example.com@evil.io/settings"]
      ) {
        const refused = await api(run, "POST", "/connect", "org-x", { return_url: evil });
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error.code, "RETURN_URL_NOT_ALLOWED");
      }
      assert.deepEqual(await run.service.database.db.selectFrom("oauth_states").selectAll().execute(), []);
    } finally {
      await run.close();
    }
  },
});
