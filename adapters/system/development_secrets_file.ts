/**
 * The secrets a development run makes for itself, kept in a directory of their own next to the
 * database (owner-only: the directory 0700, the file 0600) so that every later start, `deno task
 * token` and `deno task worker` on the same data use the same ones. Made once, from the
 * platform's CSPRNG, the first time a run needs them; never made in production (only read there,
 * so that the configuration can refuse a value equal to one of them).
 */
import { z } from "zod";
import { DomainError } from "../../domain/errors.ts";

/** The file's contents (snake_case on disk); the names match src/config.ts's DevelopmentSecrets. */
export interface GeneratedSecrets {
  readonly jwtSecret: string;
  readonly tokenEncryptionKey: string;
  readonly quickbooksClientSecret: string;
  readonly webhookVerifierToken: string;
  readonly emulatorAdminToken: string;
}

export const DEVELOPMENT_SECRETS_FILE_NAME = "development-secrets.json";

const FileSchema = z.object({
  version: z.literal(1),
  jwt_secret: z.string().min(32),
  token_encryption_key: z.string().regex(/^dev-[0-9a-f]{8}:[A-Za-z0-9+/]{43}=$/),
  quickbooks_client_secret: z.string().min(32),
  webhook_verifier_token: z.string().min(32),
  emulator_admin_token: z.string().min(32),
}).strict();

/** CONFIG_INVALID naming the file: the service cannot start on secrets it cannot trust. */
function fileProblem(path: string, problem: string): DomainError {
  return new DomainError(
    "CONFIG_INVALID",
    `Invalid configuration: DEVELOPMENT_SECRETS_DIR: ${path} ${problem}`,
    {
      problems: [{ variable: "DEVELOPMENT_SECRETS_DIR", problem: `${path} ${problem}` }],
    },
  );
}

export type RandomBytes = (length: number) => Uint8Array;
const cryptoRandomBytes: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

/**
 * The secrets kept in `directory`, made (and written, owner-only) if there are none yet. Two
 * processes starting at once agree: the file appears atomically, and the second reads the first's.
 *
 * @example
 * ```ts
 * const { secrets, created } = await loadOrCreateDevelopmentSecrets("./data/estatecore.db.secrets");
 * ```
 * @throws DomainError CONFIG_INVALID when the file is unreadable or not one this code wrote.
 */
export async function loadOrCreateDevelopmentSecrets(
  directory: string,
  randomBytes: RandomBytes = cryptoRandomBytes,
): Promise<{ secrets: GeneratedSecrets; created: boolean; path: string }> {
  const path = `${directory}/${DEVELOPMENT_SECRETS_FILE_NAME}`;
  const existing = await readDevelopmentSecrets(directory);
  if (existing) return { secrets: existing, created: false, path };
  await Deno.mkdir(directory, { recursive: true, mode: 0o700 });
  await ownerOnly(directory, 0o700);
  const secrets = newSecrets(randomBytes);
  const temporary = `${path}.${hex(randomBytes(6))}.tmp`;
  await Deno.writeTextFile(temporary, `${JSON.stringify(toFile(secrets), null, 2)}\n`, { mode: 0o600 });
  await ownerOnly(temporary, 0o600);
  try {
    // A hard link appears whole and fails if the file exists: whoever links first wins.
    await Deno.link(temporary, path);
    return { secrets, created: true, path };
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    const theirs = await readDevelopmentSecrets(directory);
    if (!theirs) throw fileProblem(path, "appeared and vanished while starting");
    return { secrets: theirs, created: false, path };
  } finally {
    await Deno.remove(temporary).catch(() => undefined);
  }
}

/**
 * The secrets kept in `directory`, or null when there are none. A file (or directory) others
 * can read is made owner-only again before it is used.
 * @throws DomainError CONFIG_INVALID when the file is unreadable or not one this code wrote.
 */
export async function readDevelopmentSecrets(directory: string): Promise<GeneratedSecrets | null> {
  const path = `${directory}/${DEVELOPMENT_SECRETS_FILE_NAME}`;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw fileProblem(path, `cannot be read (${(error as Error).name})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw fileProblem(path, "is not JSON; remove it to make new development secrets");
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    throw fileProblem(
      path,
      `is not a development secrets file (${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}); ` +
        "remove it to make new development secrets",
    );
  }
  await ownerOnly(directory, 0o700);
  await ownerOnly(path, 0o600);
  const f = parsed.data;
  return {
    jwtSecret: f.jwt_secret,
    tokenEncryptionKey: f.token_encryption_key,
    quickbooksClientSecret: f.quickbooks_client_secret,
    webhookVerifierToken: f.webhook_verifier_token,
    emulatorAdminToken: f.emulator_admin_token,
  };
}

/** Secrets for this process only (no disk, e.g. on the edge or a throw-away run). */
export function ephemeralDevelopmentSecrets(randomBytes: RandomBytes = cryptoRandomBytes): GeneratedSecrets {
  return newSecrets(randomBytes);
}

function newSecrets(randomBytes: RandomBytes): GeneratedSecrets {
  const token = () => base64url(randomBytes(32));
  return {
    jwtSecret: token(),
    tokenEncryptionKey: `dev-${hex(randomBytes(4))}:${btoa(String.fromCharCode(...randomBytes(32)))}`,
    quickbooksClientSecret: token(),
    webhookVerifierToken: token(),
    emulatorAdminToken: token(),
  };
}

function toFile(secrets: GeneratedSecrets): z.infer<typeof FileSchema> {
  return {
    version: 1,
    jwt_secret: secrets.jwtSecret,
    token_encryption_key: secrets.tokenEncryptionKey,
    quickbooks_client_secret: secrets.quickbooksClientSecret,
    webhook_verifier_token: secrets.webhookVerifierToken,
    emulator_admin_token: secrets.emulatorAdminToken,
  };
}

/** Takes group and other permissions away (POSIX only; Windows has no mode bits). */
async function ownerOnly(path: string, mode: number): Promise<void> {
  if (Deno.build.os === "windows") return;
  const info = await Deno.stat(path);
  if (info.mode !== null && (info.mode & 0o777) !== mode) await Deno.chmod(path, mode);
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
