/**
 * `deno task token`: prints the development token for the organization `dev-org` (role admin),
 * the one `deno task start` prints, so a shell can take it (`export TOKEN=$(deno task -q token)`).
 * Development only: with a configured signing secret or keys it exits 1 and prints nothing.
 * Optional arguments: an organization and a role (`deno task -q token org-2 viewer`).
 */
import { configFromEnvOrExit } from "./composition/config_from_env.ts";
import { DEVELOPMENT_CALLER, signDevelopmentToken } from "./composition/development_token.ts";
import { RoleSchema } from "../domain/access/roles.ts";

const config = configFromEnvOrExit();
if (!config.usingDevelopmentAuthSecret || config.auth.kind !== "hs256") {
  console.error(JSON.stringify({
    level: "error",
    code: "DEVELOPMENT_TOKEN_UNAVAILABLE",
    msg:
      "a development token exists only on the built-in development secret (APP_ENV=development, no AUTH_JWT_SECRET)",
  }));
  Deno.exit(1);
}
const [org = DEVELOPMENT_CALLER.org, role = DEVELOPMENT_CALLER.role] = Deno.args;
const parsedRole = RoleSchema.safeParse(role);
if (!parsedRole.success) {
  console.error(JSON.stringify({
    level: "error",
    code: "VALIDATION_FAILED",
    msg: `unknown role ${role}: one of ${RoleSchema.options.join(", ")}`,
  }));
  Deno.exit(1);
}
console.log(
  await signDevelopmentToken(
    config.auth.secret,
    { sub: DEVELOPMENT_CALLER.sub, org, role: parsedRole.data },
    new Date(),
  ),
);
