import { isDomainError } from "../../domain/errors.ts";
import { ipAddresses } from "../../adapters/http/ip_addresses.ts";
import {
  ephemeralDevelopmentSecrets,
  loadOrCreateDevelopmentSecrets,
  readDevelopmentSecrets,
} from "../../adapters/system/development_secrets_file.ts";
import { type Config, type DevelopmentSecrets, developmentSecretsLocation, loadConfig } from "../config.ts";

/**
 * The configuration of a run on `env`. Outside production, the secrets it does not configure come
 * from the development secrets kept next to its database, made at random the first time (so every
 * start, `deno task token` and `deno task worker` on the same data agree). In production that file
 * is only read, for loadConfig to refuse any configured secret equal to one of it.
 * @throws DomainError CONFIG_INVALID naming every wrong variable (or the secrets file).
 */
export async function configFromEnv(env: Record<string, string | undefined>): Promise<Config> {
  const location = developmentSecretsLocation(env);
  let development: DevelopmentSecrets | undefined;
  if (location.create) {
    development = (await loadOrCreateDevelopmentSecrets(location.directory)).secrets;
  } else {
    development = (await readDevelopmentSecrets(location.directory).catch(() => null)) ?? undefined;
  }
  return loadConfig(env, development, ipAddresses);
}

/**
 * The configuration for a run with no disk of its own (the edge, throw-away processes): secrets
 * that are not configured are made for this process only, outside production.
 */
export function configWithoutStoredSecrets(env: Record<string, string | undefined>): Config {
  return loadConfig(
    env,
    developmentSecretsLocation(env).create ? ephemeralDevelopmentSecrets() : undefined,
    ipAddresses,
  );
}

/**
 * The entry points' configuration: from the environment (see configFromEnv), or the process exits
 * with code 78 (EX_CONFIG) after one JSON line naming every wrong variable.
 */
export async function configFromEnvOrExit(): Promise<Config> {
  try {
    return await configFromEnv(Deno.env.toObject());
  } catch (error) {
    if (!isDomainError(error)) throw error;
    console.error(
      JSON.stringify({ level: "error", msg: error.message, code: error.code, details: error.details }),
    );
    Deno.exit(78);
  }
}
