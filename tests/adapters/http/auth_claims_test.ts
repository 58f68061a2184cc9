import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { signTestToken, startTestService, TEST_SECRET } from "../../support/service.ts";

/** Seen in the security probe: malformed claims became "no restriction" or lasted forever. */
Deno.test("authentication refuses malformed claims with AUTH_INVALID_TOKEN and the reason, for reads and writes", async () => {
  const svc = await startTestService();
  try {
    const now = Math.floor(svc.clock.now().getTime() / 1000);
    const raw = (
      claims: Record<string, unknown>,
      options: { exp?: boolean; iat?: number; nbf?: number } = {},
    ) => {
      let jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject("user-1")
        .setIssuedAt(options.iat ?? now - 60);
      if (options.exp !== false) jwt = jwt.setExpirationTime(now + 3600);
      if (options.nbf !== undefined) jwt = jwt.setNotBefore(options.nbf);
      return jwt.sign(new TextEncoder().encode(TEST_SECRET));
    };
    const cases: [string, Promise<string>, string][] = [
      [
        "a scope that is a string",
        raw({ org: "org-a", role: "property_manager", property_ids: "prop_1" }),
        "malformed_property_scope",
      ],
      [
        "a scope of null",
        raw({ org: "org-a", role: "property_manager", property_ids: null }),
        "malformed_property_scope",
      ],
      [
        "a scope with a number",
        raw({ org: "org-a", role: "property_manager", property_ids: ["prop_1", 7] }),
        "malformed_property_scope",
      ],
      [
        "a scope with an empty id",
        raw({ org: "org-a", role: "property_manager", property_ids: [""] }),
        "malformed_property_scope",
      ],
      ["an unknown role", raw({ org: "org-a", role: "superadmin" }), "unknown_role"],
      ["a role in the wrong case", raw({ org: "org-a", role: "ADMIN" }), "unknown_role"],
      ["a missing org", raw({ role: "admin" }), "missing_claims"],
      ["an org that is not a string", raw({ org: 42, role: "admin" }), "missing_claims"],
      ["no exp", raw({ org: "org-a", role: "admin" }, { exp: false }), "ERR_JWT_CLAIM_VALIDATION_FAILED"],
      ["an iat a day ahead", raw({ org: "org-a", role: "admin" }, { iat: now + 86_400 }), "issued_in_future"],
      [
        "an nbf an hour ahead",
        raw({ org: "org-a", role: "admin" }, { nbf: now + 3600 }),
        "ERR_JWT_CLAIM_VALIDATION_FAILED",
      ],
    ];
    for (const [label, token, reason] of cases) {
      const headers = { Authorization: `Bearer ${await token}` };
      for (
        const [method, path] of [["GET", "/organization"], ["GET", "/status"], [
          "DELETE",
          "/records/property/prop_2",
        ]]
      ) {
        const res = await svc.app.request(`/api/quickbooks${path}`, { method, headers });
        const body = await res.json();
        assert.equal(res.status, 401, `${label}: ${method} ${path}`);
        assert.equal(body.error.code, "AUTH_INVALID_TOKEN", label);
        assert.equal(body.error.details.reason, reason, label);
      }
    }
    // Within the allowed clock skew, and with a well-formed scope, the token works.
    const skewed = await raw({ org: "org-a", role: "viewer" }, { iat: now + 30 });
    assert.equal(
      (await svc.app.request("/api/quickbooks/organization", {
        headers: { Authorization: `Bearer ${skewed}` },
      })).status,
      200,
    );
    const scoped = await signTestToken({
      sub: "pm",
      org: "org-a",
      role: "property_manager",
      property_ids: ["prop_1"],
    });
    assert.equal(
      (await svc.app.request("/api/quickbooks/organization", {
        headers: { Authorization: `Bearer ${scoped}` },
      })).status,
      200,
    );
  } finally {
    await svc.close();
  }
});
