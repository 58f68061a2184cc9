/**
 * What production refuses besides a missing secret (src/config.ts asks these rules, once, at
 * start-up): a secret anyone can know (a retired built-in one, or this machine's generated
 * development secret, which sits in a file next to the database), a too short one, a wildcard bind
 * with no TLS terminator declared in front, and the emulator's admin API.
 */

/**
 * Secrets that were once built in (constants of src/config.ts, or derived from one): anyone can
 * know them. The token key is base64(SHA-256("estatecore-development-token-key")).
 */
const RETIRED_BUILT_IN_SECRETS = {
  jwt: ["development-only-secret-do-not-use-in-production!"],
  clientSecret: ["emulator-client-secret"],
  verifier: ["emulator-verifier-token", "emulator-webhook-verifier-token"],
  tokenKey: ["GVw7Yva+QQ3U3eG2cxxD5kGMMasJnISITtZuXL//bLs="],
} as const;

/** Shortest client secret and verifier token production takes (Intuit's are 36 to 40 characters). */
export const MIN_INTUIT_SECRET_LENGTH = 16;
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "*"]);

/** The production settings the rules look at, as configured (undefined = not set). */
export interface ProductionSettings {
  readonly host: string;
  readonly trustedTlsTermination: boolean;
  readonly emulatorAdminEnabled: boolean | undefined;
  readonly jwtSecret: string | undefined;
  readonly clientSecret: string | undefined;
  readonly webhookVerifierToken: string | undefined;
  readonly tokenEncryptionKeys: readonly { readonly kid: string; readonly key: string }[];
}

/** This machine's development secrets, when a file of them exists (production only reads it). */
export interface KnownDevelopmentSecrets {
  readonly jwtSecret: string;
  readonly tokenEncryptionKey: string;
  readonly quickbooksClientSecret: string;
  readonly webhookVerifierToken: string;
}

/**
 * Every reason to refuse these production settings, one problem per variable and reason.
 *
 * @example
 * ```ts
 * productionProblems({ host: "0.0.0.0", trustedTlsTermination: false, ... })[0].variable; // "HOST"
 * ```
 */
export function productionProblems(
  settings: ProductionSettings,
  development?: KnownDevelopmentSecrets,
): { variable: string; problem: string }[] {
  const problems: { variable: string; problem: string }[] = [];
  const known = (
    variable: string,
    value: string | undefined,
    retired: readonly string[],
    generated?: string,
  ) => {
    if (!value) return;
    if (retired.includes(value)) {
      problems.push({ variable, problem: "is a built-in development value anyone can know" });
    } else if (generated !== undefined && value === generated) {
      problems.push({ variable, problem: "is this machine's generated development secret" });
    }
  };
  known("AUTH_JWT_SECRET", settings.jwtSecret, RETIRED_BUILT_IN_SECRETS.jwt, development?.jwtSecret);
  known(
    "QUICKBOOKS_CLIENT_SECRET",
    settings.clientSecret,
    RETIRED_BUILT_IN_SECRETS.clientSecret,
    development?.quickbooksClientSecret,
  );
  known(
    "QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN",
    settings.webhookVerifierToken,
    RETIRED_BUILT_IN_SECRETS.verifier,
    development?.webhookVerifierToken,
  );
  const developmentKey = development ? keyBytesOf(afterKid(development.tokenEncryptionKey)) : "";
  for (const { key } of settings.tokenEncryptionKeys) {
    const bytes = keyBytesOf(key);
    if (RETIRED_BUILT_IN_SECRETS.tokenKey.some((retired) => keyBytesOf(retired) === bytes)) {
      problems.push({
        variable: "TOKEN_ENCRYPTION_KEYS",
        problem: "holds the built-in development key anyone can derive",
      });
    } else if (bytes !== "" && bytes === developmentKey) {
      problems.push({
        variable: "TOKEN_ENCRYPTION_KEYS",
        problem: "holds this machine's generated development key",
      });
    }
  }
  for (
    const [variable, value] of [
      ["QUICKBOOKS_CLIENT_SECRET", settings.clientSecret],
      ["QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN", settings.webhookVerifierToken],
    ] as const
  ) {
    if (value !== undefined && value.length < MIN_INTUIT_SECRET_LENGTH) {
      problems.push({
        variable,
        problem: `must be at least ${MIN_INTUIT_SECRET_LENGTH} characters in production`,
      });
    }
  }
  if (WILDCARD_HOSTS.has(settings.host.trim()) && !settings.trustedTlsTermination) {
    problems.push({
      variable: "HOST",
      problem: `${settings.host} listens on every interface in plain HTTP: bind a specific address, ` +
        "or set TRUSTED_TLS_TERMINATION=true when a proxy in front terminates TLS",
    });
  }
  if (settings.emulatorAdminEnabled === true) {
    problems.push({
      variable: "EMULATOR_ADMIN_ENABLED",
      problem:
        "the emulator's admin API (faults, clock, reset, books without a token) is never on in production",
    });
  }
  return problems;
}

function afterKid(entry: string): string {
  const separator = entry.indexOf(":");
  return separator < 0 ? entry : entry.slice(separator + 1);
}

/** The bytes of a base64 or base64url key as a string, to compare keys however they are spelled. */
function keyBytesOf(key: string): string {
  try {
    return atob(key.trim().replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return "";
  }
}
