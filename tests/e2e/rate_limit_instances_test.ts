/**
 * The consumer rate limit holds in total across instances: two started services (`deno task
 * start` as child processes) on one PostgreSQL take a burst of one user's calls, half each; exactly
 * the limit is answered, every other call is 429 RATE_LIMITED with Retry-After, and the RateLimit
 * `remaining` values the two instances answer are each one of a single countdown.
 */
import assert from "node:assert/strict";
import pg from "pg";
import { SignJWT } from "jose";
import { TEST_DATABASES, TEST_POSTGRES_URL } from "../support/databases.ts";
import { freePort, type ServiceProcess, startServiceProcess } from "../support/service_process.ts";

const SECRET = "rate-limit-instances-secret-long-enough!!";
const ORG = "org-burst";
const LIMIT = 50;
const CALLS = 120;
const WINDOW_SECONDS = 3600;

const postgres = TEST_DATABASES.find((d) => d.name === "postgres")!;

Deno.test({
  name: "rate limits across instances: two services on one PostgreSQL answer exactly the limit in total",
  ignore: postgres.unavailable !== null,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const schema = `burst_${Date.now().toString(36)}_${Deno.pid}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(TEST_POSTGRES_URL);
    url.searchParams.set("options", `-c search_path=${schema}`);
    const dir = await Deno.makeTempDir({ prefix: "estatecore-burst-" });
    const instances: ServiceProcess[] = [];
    try {
      const env = (n: number) => ({
        PORT: String(freePort()),
        DATABASE_URL: url.toString(),
        AUTH_JWT_SECRET: SECRET,
        RUN_WORKER: "false",
        EMULATOR_STATE_FILE: `${dir}/emulator-${n}.json`,
        RATE_LIMITING: "true",
        RATE_LIMIT_ORGANIZATION: `100000/${WINDOW_SECONDS}s:100000`,
        RATE_LIMIT_PER_USER: `${LIMIT}/${WINDOW_SECONDS}s:100000`,
      });
      // The second starts once the first has migrated the schema.
      instances.push(await startServiceProcess(env(1)));
      instances.push(await startServiceProcess(env(2)));

      const token = (sub: string) =>
        new SignJWT({ org: ORG, role: "admin" }).setProtectedHeader({ alg: "HS256" }).setSubject(sub)
          .setIssuedAt().setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));
      const registered = await fetch(`${instances[0].base}/api/quickbooks/organization`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${await token("setup")}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Burst" }),
      });
      assert.equal(registered.status, 201, await registered.text());

      // A burst that a window boundary would split is not the test: wait for the next window then.
      const intoWindow = (Date.now() / 1000) % WINDOW_SECONDS;
      if (intoWindow > WINDOW_SECONDS - 20) {
        await new Promise((resolve) => setTimeout(resolve, (WINDOW_SECONDS - intoWindow + 1) * 1000));
      }
      const bearer = `Bearer ${await token("burst-user")}`;
      const answers = await Promise.all(Array.from({ length: CALLS }, async (_, i) => {
        const res = await fetch(`${instances[i % 2].base}/api/quickbooks/sync/jobs`, {
          headers: { Authorization: bearer },
        });
        const body = await res.json();
        return {
          instance: i % 2,
          status: res.status,
          rateLimit: res.headers.get("RateLimit"),
          retryAfter: res.headers.get("Retry-After"),
          body,
        };
      }));

      const ok = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      console.log(
        `burst: ${CALLS} calls over 2 instances, limit ${LIMIT}: ${ok.length} answered ` +
          `(${ok.filter((a) => a.instance === 0).length} + ${ok.filter((a) => a.instance === 1).length}), ` +
          `${refused.length} refused`,
      );
      assert.equal(ok.length, LIMIT, "exactly the limit in total");
      assert.equal(refused.length, CALLS - LIMIT);
      assert.ok(
        ok.some((a) => a.instance === 0) && ok.some((a) => a.instance === 1),
        "both instances answered",
      );
      const remaining = ok.map((a) => Number(/"user";r=(\d+)/.exec(a.rateLimit ?? "")?.[1])).sort((a, b) =>
        a - b
      );
      assert.deepEqual(remaining, Array.from({ length: LIMIT }, (_, i) => i), "one countdown shared by both");
      for (const a of refused) {
        assert.equal(a.body.error.code, "RATE_LIMITED");
        assert.equal(a.body.error.details.policy, "user");
        assert.ok(
          Number(a.retryAfter) >= 1 && Number(a.retryAfter) <= WINDOW_SECONDS,
          `Retry-After ${a.retryAfter}`,
        );
        assert.match(a.rateLimit ?? "", /"user";r=0;t=\d+/);
      }
      // The health check is never counted, on either instance.
      for (const instance of instances) {
        const health = await fetch(`${instance.base}/api/quickbooks/health`);
        await health.body?.cancel();
        assert.equal(health.status, 200);
      }
    } finally {
      for (const instance of instances) await instance.stop();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
      await Deno.remove(dir, { recursive: true }).catch(() => undefined);
    }
  },
});
