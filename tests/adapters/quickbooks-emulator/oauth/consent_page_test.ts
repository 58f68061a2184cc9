import assert from "node:assert/strict";
import { CLIENT_ID, oauthFixture, REDIRECT_URI } from "./oauth_fixture.ts";

/** The consent page's form fields as a browser would submit them, with the pressed button. */
function submittedForm(html: string, button: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const input of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    form.set(input[1], input[2].replace(/&amp;/g, "&"));
  }
  form.set("decision", button);
  return form;
}

Deno.test("renderConsentPage: Cancel submits decision=deny, redirected as Intuit does with error=access_denied and the state", async () => {
  const { app } = await oauthFixture();
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: "code",
    scope: "com.intuit.quickbooks.accounting",
    redirect_uri: REDIRECT_URI,
    state: "st&ate-42",
  });
  const page = await (await app.request(`/connect/oauth2?${query}`)).text();
  assert.match(page, /<button type="submit" name="decision" value="deny">Cancel<\/button>/);
  const res = await app.request("/connect/oauth2", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: submittedForm(page, "deny").toString(),
  });
  assert.equal(res.status, 302);
  const location = new URL(res.headers.get("location")!);
  assert.equal(location.origin + location.pathname, REDIRECT_URI);
  assert.deepEqual([...location.searchParams], [["error", "access_denied"], ["state", "st&ate-42"]]);
});
