import { isDomainError } from "../../domain/errors.ts";
import { type Config, loadConfig } from "../config.ts";

/**
 * The entry points' configuration: parsed from the environment, or the process exits with code 78
 * (EX_CONFIG) after one JSON line naming every wrong variable.
 */
export function configFromEnvOrExit(): Config {
  try {
    return loadConfig(Deno.env.toObject());
  } catch (error) {
    if (!isDomainError(error)) throw error;
    console.error(
      JSON.stringify({ level: "error", msg: error.message, code: error.code, details: error.details }),
    );
    Deno.exit(78);
  }
}
