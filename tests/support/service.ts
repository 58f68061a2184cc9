/** Builds the whole service in-process for HTTP tests: in-memory libSQL, fixed clock, dev auth. */
import { SignJWT } from "jose";
import { loadConfig } from "../../src/config.ts";
import { ipAddresses } from "../../adapters/http/ip_addresses.ts";
import { ephemeralDevelopmentSecrets } from "../../adapters/system/development_secrets_file.ts";
import { buildService, type Service, type ServiceOverrides } from "../../src/composition/service.ts";

/** Registered by startTestService; any other organization is unregistered until a test registers it. */
export const TEST_ORGANIZATIONS = ["org-a", "org-b"] as const;

export const TEST_SECRET = "test-secret-that-is-long-enough-for-hs256!!";

/** What a test service takes for the secrets its variables leave out (made for this test process). */
export const TEST_DEVELOPMENT_SECRETS = ephemeralDevelopmentSecrets();

export class FixedClock {
  #now: Date;
  constructor(iso = "2026-06-01T12:00:00.000Z") {
    this.#now = new Date(iso);
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }
  set(iso: string): void {
    this.#now = new Date(iso);
  }
}

export async function startTestService(
  env: Record<string, string> = {},
  overrides: ServiceOverrides = {},
): Promise<Service & { logs: string[]; clock: FixedClock }> {
  const logs: string[] = [];
  const clock = (overrides.clock as FixedClock | undefined) ?? new FixedClock();
  const config = loadConfig(
    {
      APP_ENV: "test",
      DATABASE_URL: ":memory:",
      AUTH_JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: "debug",
      RUN_WORKER: "false",
      // Tests burst far past the consumer rate limits; a test about them turns them on.
      RATE_LIMITING: "false",
      ...env,
    },
    TEST_DEVELOPMENT_SECRETS,
    ipAddresses,
  );
  const service = await buildService(config, { clock, logSink: (l) => logs.push(l), ...overrides });
  // The organizations most route tests act as are registered up front, as PUT /organization would.
  for (const orgId of TEST_ORGANIZATIONS) {
    await service.ensureOrganization({ orgId, userId: "test-setup" }, `Test ${orgId}`);
  }
  return Object.assign(service, { logs, clock });
}

export function signTestToken(
  claims: { sub?: string; org?: string; role?: string; [k: string]: unknown },
  options: { secret?: string; expiresAt?: Date; issuedAt?: Date } = {},
): Promise<string> {
  const { sub, ...rest } = claims;
  const issuedAt = options.issuedAt ?? new Date("2026-06-01T11:00:00.000Z");
  let jwt = new SignJWT(rest).setProtectedHeader({ alg: "HS256" }).setIssuedAt(
    Math.floor(issuedAt.getTime() / 1000),
  )
    .setExpirationTime(
      Math.floor((options.expiresAt ?? new Date("2026-06-02T12:00:00.000Z")).getTime() / 1000),
    );
  if (sub) jwt = jwt.setSubject(sub);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

export async function authHeader(
  org = "org-a",
  role = "admin",
  sub = "user-1",
): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await signTestToken({ sub, org, role })}` };
}
