/**
 * `deno task token`: prints the development token for the organization `dev-org` (role admin),
 * the one `deno task start` prints, so a shell can take it (`export TOKEN=$(deno task -q token)`).
 * Development only: with a configured signing secret or keys it exits 1 and prints nothing.
 * Optional arguments: an organization and a role (`deno task -q token org-2 viewer`); or
 * `--emulator-admin` for the built-in emulator's admin token instead, or `--metrics` for the token
 * that scrapes `GET /metrics`. Both are signed with, or
 * are, the development secrets kept next to the database, made on first use if need be.
 */
import { configFromEnvOrExit } from "./composition/config_from_env.ts";
import { DEVELOPMENT_CALLER, signDevelopmentToken } from "./composition/development_token.ts";
import { RoleSchema } from "../domain/access/roles.ts";

const config = await configFromEnvOrExit();
if (Deno.args[0] === "--emulator-admin") {
  if (!config.developmentSecrets.used.includes("EMULATOR_ADMIN_TOKEN")) {
    console.error(JSON.stringify({
      level: "error",
      code: "DEVELOPMENT_TOKEN_UNAVAILABLE",
      msg: "the emulator's admin token is printed only when it is the generated development one " +
        "(emulator mode outside production, no EMULATOR_ADMIN_TOKEN)",
    }));
    Deno.exit(1);
  }
  console.log(config.quickbooks.emulatorAdminToken);
  Deno.exit(0);
}
if (Deno.args[0] === "--metrics") {
  if (!config.developmentSecrets.used.includes("METRICS_TOKEN")) {
    console.error(JSON.stringify({
      level: "error",
      code: "DEVELOPMENT_TOKEN_UNAVAILABLE",
      msg: "the metrics token is printed only when it is the one drawn from the development secrets " +
        "(outside production, no METRICS_TOKEN)",
    }));
    Deno.exit(1);
  }
  console.log(config.metrics.token);
  Deno.exit(0);
}
if (!config.usingDevelopmentAuthSecret || config.auth.kind !== "hs256") {
  console.error(JSON.stringify({
    level: "error",
    code: "DEVELOPMENT_TOKEN_UNAVAILABLE",
    msg:
      "a development token exists only on the generated development secret (APP_ENV=development, no AUTH_JWT_SECRET)",
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
