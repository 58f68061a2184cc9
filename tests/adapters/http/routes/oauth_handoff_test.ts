/**
 * The OAuth hand-off at the HTTP edge, in-process (issue 12): POST /connect refuses a return_url
 * outside OAUTH_RETURN_URL_ALLOWLIST before anything is stored, and the callback never takes a
 * return URL from its own query. The full connect -> consent -> callback round trips are in
 * tests/e2e/oauth_handoff_test.ts (they need the emulator on a real port).
 */
import assert from "node:assert/strict";
import { returnUrlWithOutcome } from "../../../../adapters/http/routes/oauth_callback.ts";
import { API_BASE, call } from "../../../support/api_call.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

const ALLOWLIST = { OAUTH_RETURN_URL_ALLOWLIST: "https://app.example.com/settings,http://localhost:3000" };

async function storedStates(svc: Awaited<ReturnType<typeof startTestService>>): Promise<number> {
  const rows = await svc.database.db.selectFrom("oauth_states").select("state").execute();
  return rows.length;
}

Deno.test("POST /connect: a return_url outside the allow-list is RETURN_URL_NOT_ALLOWED and stores no state", async () => {
  const svc = await startTestService(ALLOWLIST);
  try {
    const h = await authHeader("org-a", "admin");
    for (
      const returnUrl of [
        "https://app.example.com.evil.io/settings",
        "https://app.example.com@evil.io/settings",
        "https://app.example.com/settings-evil",
        "https://app.example.com/admin",
        "http://app.example.com/settings",
        "https://app.example.com:8443/settings",
        "http://localhost:3001/",
        "//app.example.com/settings",
        "javascript:alert(1)",
        "not a url",
      ]
    ) {
      const res = await call(svc.app, "POST", "/connect", h, { return_url: returnUrl });
      assert.equal(res.status, 400, returnUrl);
      assert.equal(
        res.body.error?.code,
        "RETURN_URL_NOT_ALLOWED",
        `${returnUrl}: ${JSON.stringify(res.body)}`,
      );
      assert.equal(res.body.error?.details.configuration, "OAUTH_RETURN_URL_ALLOWLIST");
    }
    assert.equal(await storedStates(svc), 0);
  } finally {
    await svc.close();
  }
});

Deno.test("POST /connect: without an allow-list every return_url is refused; a body with another field is VALIDATION_FAILED", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    const refused = await call(svc.app, "POST", "/connect", h, { return_url: "https://app.example.com/" });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error?.code, "RETURN_URL_NOT_ALLOWED");
    assert.equal(refused.body.error?.details.reason, "no return URL is allowed by the configuration");
    const typo = await call(svc.app, "POST", "/connect", h, { returnUrl: "https://app.example.com/" });
    assert.equal(typo.status, 400);
    assert.equal(typo.body.error?.code, "VALIDATION_FAILED");
    const tooLong = await call(svc.app, "POST", "/connect", h, {
      return_url: `https://app.example.com/${"a".repeat(2050)}`,
    });
    assert.equal(tooLong.body.error?.code, "VALIDATION_FAILED");
    assert.equal(await storedStates(svc), 0);
  } finally {
    await svc.close();
  }
});

Deno.test("POST /connect: a viewer may not start a connection, whatever the return_url", async () => {
  const svc = await startTestService(ALLOWLIST);
  try {
    const res = await call(svc.app, "POST", "/connect", await authHeader("org-a", "viewer"), {
      return_url: "https://app.example.com/settings",
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error?.code, "FORBIDDEN");
    assert.equal(await storedStates(svc), 0);
  } finally {
    await svc.close();
  }
});

Deno.test("GET /oauth/callback: an unknown state is OAUTH_STATE_INVALID as JSON, never a redirect, whatever the query says", async () => {
  const svc = await startTestService(ALLOWLIST);
  try {
    for (
      const query of [
        "state=unknown&error=access_denied",
        "state=unknown&code=abc&realmId=123&return_url=https%3A%2F%2Fapp.example.com%2Fsettings",
        "error=access_denied&return_url=https%3A%2F%2Fapp.example.com%2Fsettings",
      ]
    ) {
      const res = await svc.app.request(`${API_BASE}/oauth/callback?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.headers.get("location"), null, query);
      assert.equal((await res.json()).error.code, "OAUTH_STATE_INVALID", query);
    }
  } finally {
    await svc.close();
  }
});

Deno.test("returnUrlWithOutcome: adds status and realm_id or code, keeps the URL's own query and fragment", () => {
  assert.equal(
    returnUrlWithOutcome("https://app.example.com/settings?tab=qbo", {
      status: "connected",
      realmId: "9341",
    }),
    "https://app.example.com/settings?tab=qbo&status=connected&realm_id=9341",
  );
  assert.equal(
    returnUrlWithOutcome("https://app.example.com/settings#done", {
      status: "denied",
      code: "OAUTH_ACCESS_DENIED",
    }),
    "https://app.example.com/settings?status=denied&code=OAUTH_ACCESS_DENIED#done",
  );
  // Parameters of the same names the app put in its URL are replaced, never duplicated.
  assert.equal(
    returnUrlWithOutcome("https://app.example.com/s?status=connected&realm_id=1&code=X&keep=1", {
      status: "failed",
      code: "QB007",
    }),
    "https://app.example.com/s?keep=1&status=failed&code=QB007",
  );
});
