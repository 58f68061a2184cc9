/** The OpenID userinfo endpoint (Bearer access token of a grant with the `openid` scope). */
import { Hono } from "hono";
import type { OAuthServerDeps } from "./oauth_server_deps.ts";
import { OAUTH_PATHS } from "./endpoint_paths.ts";
import { OAuthProtocolError } from "./oauth_error.ts";
import { jsonUtf8, oauthErrorResponse } from "./token_route.ts";
import { OPENID_SCOPE } from "./scopes.ts";

/** The emulated QuickBooks user's profile, released per scope as Intuit does. */
export const EMULATED_USER = {
  email: "emulator.user@example.com",
  emailVerified: true,
  givenName: "Emulator",
  familyName: "User",
  phoneNumber: "+1 5555550100",
  phoneNumberVerified: false,
  address: {
    streetAddress: "2700 Coast Ave",
    locality: "Mountain View",
    region: "CA",
    postalCode: "94043",
    country: "US",
  },
} as const;

export function userinfoRoute(deps: OAuthServerDeps): Hono {
  const app = new Hono();
  app.get(OAUTH_PATHS.userinfo, (c) => {
    const lookup = deps.tokens.lookupAccessToken(c.req.header("authorization"));
    if (!lookup.ok) {
      return oauthErrorResponse(c, new OAuthProtocolError("invalid_token", `Access token ${lookup.reason}`));
    }
    const scopes = lookup.grant.scopes;
    if (!scopes.includes(OPENID_SCOPE)) {
      return oauthErrorResponse(
        c,
        new OAuthProtocolError("invalid_token", "The token lacks the openid scope"),
      );
    }
    const body: Record<string, unknown> = { sub: lookup.grant.subject };
    if (scopes.includes("email")) {
      body.email = EMULATED_USER.email;
      body.emailVerified = EMULATED_USER.emailVerified;
    }
    if (scopes.includes("profile")) {
      body.givenName = EMULATED_USER.givenName;
      body.familyName = EMULATED_USER.familyName;
    }
    if (scopes.includes("phone")) {
      body.phoneNumber = EMULATED_USER.phoneNumber;
      body.phoneNumberVerified = EMULATED_USER.phoneNumberVerified;
    }
    if (scopes.includes("address")) body.address = { ...EMULATED_USER.address };
    return jsonUtf8(body, 200);
  });
  return app;
}
