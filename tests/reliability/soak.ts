/**
 * The soak of the reliability suite: `deno task start` as a process on a libSQL file or on
 * PostgreSQL, with the built-in emulator persisted to its state file, pushing a portfolio while the
 * emulator answers some calls with 500/503, 429 or a dropped connection and the process is killed
 * with SIGKILL at random moments (a bounded number of times, each followed by a restart on the same
 * files). At the end QuickBooks must hold exactly the books of a run without faults (objects and
 * amounts), every link must name an object QuickBooks has and every object the sync made must be
 * linked exactly once (0 duplicates, 0 lost), and the job must have succeeded with nothing failed.
 * Seeded: a run is repeated by its seed. Run in full by `deno task soak`; a short mode in the tests.
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { createCompanyStore } from "../../adapters/quickbooks-emulator/accounting/mod.ts";
import { openDatabase } from "../../adapters/persistence/database.ts";
import { SqlSyncLinkRepository } from "../../adapters/persistence/repositories/sync_link_repository.ts";
import type { PortfolioShape } from "../../src/demo/sample_portfolio.ts";
import { emulatorBooks } from "../support/emulator_books.ts";
import { postgresSchema } from "../support/databases.ts";
import { cleanRunBooks, FINISHED, poll, processApi, queuePush, SYNC_ONLY } from "../support/push_run.ts";
import { freePort, type ServiceProcess, startServiceProcess } from "../support/service_process.ts";

export interface SoakOptions {
  readonly database: "libsql" | "postgres";
  readonly shape: PortfolioShape;
  /** At most this many SIGKILLs (each lands only while the push is still running). */
  readonly kills: number;
  /** At most this many faults armed at the emulator, spread over the run. */
  readonly faults: number;
  readonly seed: number;
  /** How long the push may take in all, restarts included. */
  readonly timeoutMs: number;
  /**
   * When the next fault may be armed: only once the push stored more work since the last one
   * (`progress`: a call's retries always outlast it, so the realm's circuit never opens), or also
   * after 3 s without progress (`progress_or_time`: faults can pile onto one call's retries and
   * open the circuit, as a flaky QuickBooks would).
   */
  readonly faultSpacing?: "progress" | "progress_or_time";
}

export interface SoakReport {
  readonly database: string;
  readonly seed: number;
  readonly records: number;
  readonly kills: number;
  readonly faults: Readonly<Record<string, number>>;
  readonly links: number;
  readonly objects: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly status: string;
  readonly attempts: number;
  readonly interruptions: number;
  readonly seconds: number;
}

/** A small seeded generator (mulberry32): the same seed, the same kills and faults. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = performance.now();
  const random = seeded(options.seed);
  const clean = await cleanRunBooks(options.shape);

  const dir = await Deno.makeTempDir({ prefix: "soak-" });
  const postgres = options.database === "postgres" ? await postgresSchema("soak") : null;
  const port = freePort();
  const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(48))));
  const adminToken = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  const env = {
    APP_ENV: "development",
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: postgres?.url ?? `file:${dir}/estatecore.db`,
    EMULATOR_STATE_FILE: `${dir}/emulator-state.json`,
    AUTH_JWT_SECRET: secret,
    EMULATOR_ADMIN_TOKEN: adminToken,
    // The other development secrets are made for this run, in its own directory (not ./data).
    DEVELOPMENT_SECRETS_DIR: `${dir}/secrets`,
    // With a remote database the worker's identity must survive a restart to take its jobs back at once.
    WORKER_ID: "soak-worker-1",
    LOG_LEVEL: "info",
  };
  const org = "org-soak";
  const bearer = await new SignJWT({ org, role: "admin" }).setProtectedHeader({ alg: "HS256" })
    .setSubject("soak").setIssuedAt().setExpirationTime("2h").sign(new TextEncoder().encode(secret));
  let service: ServiceProcess | undefined = await startServiceProcess(env);
  try {
    const call = processApi(() => service!.base, bearer);
    // Every QuickBooks call takes 10-40 ms, as over a network: the push lasts long enough to be hit.
    const slow = async (f: typeof admin) => {
      const res = await f("/_emulator/faults", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "latency", ms: 10, jitterMs: 30 }),
      });
      assert.equal(res.status, 201, await res.text());
    };
    const { realmId, jobId, admin, records } = await queuePush(
      call,
      service.base,
      org,
      options.shape,
      adminToken,
    );
    await slow(admin);
    const job = async () => (await call("GET", `/sync/jobs/${jobId}`)).body.data;

    // Where the kills land: shares of the push's progress, in order.
    const killAt = Array.from({ length: options.kills }, () => 0.1 + random() * 0.8).sort();
    const faults: Record<string, number> = {};
    let armed = 0;
    let doneAtLastFault = 0;
    let lastFaultAt = performance.now();
    let kills = 0;
    const deadline = performance.now() + options.timeoutMs;
    let current = await job();
    while (!FINISHED.includes(current.status)) {
      assert.ok(
        performance.now() < deadline,
        `the push did not finish in time: ${JSON.stringify(current).slice(0, 600)}\n` +
          service.logs.filter((l) => !l.includes('"msg":"request"')).slice(-25).join("\n"),
      );
      // One or two faults at a time, armed once the previous ones were spent and the push moved on
      // since (or 3 s passed): calls fail now and then, as with a flaky QuickBooks, and a call's retries outlast them.
      const moved = current.progress.done > doneAtLastFault ||
        (options.faultSpacing !== "progress" && performance.now() - lastFaultAt > 3_000);
      const pending = armed < options.faults && moved
        ? ((await (await admin("/_emulator/faults")).json()).faults as { remaining: number }[])
          .reduce((n, f) => n + f.remaining, 0)
        : 1;
      if (pending === 0 && random() < 0.5) {
        doneAtLastFault = current.progress.done;
        lastFaultAt = performance.now();
        // A throttle asks for a 1 s wait (QBO's own 429 has no Retry-After: clients then wait 60 s).
        const kinds = [
          { type: "error", status: 503 },
          { type: "error", status: 500 },
          { type: "throttle", retryAfterSeconds: 1 },
          { type: "drop" },
        ];
        const fault = kinds[Math.floor(random() * kinds.length)];
        const count = 1 + Math.floor(random() * 2);
        const res = await admin("/_emulator/faults", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ ...fault, count, realmId }),
        });
        const answer = await res.text();
        assert.equal(res.status, 201, answer);
        const name = fault.type === "error" ? `http_${fault.status}` : fault.type;
        faults[name] = (faults[name] ?? 0) + count;
        armed += count;
      }
      const total = current.progress.total;
      if (
        kills < killAt.length && current.status === "running" && total > 0 &&
        current.progress.done >= killAt[kills] * total && current.progress.done < total
      ) {
        assert.equal((await service.stop("SIGKILL")).signal, "SIGKILL");
        kills++;
        service = await startServiceProcess(env);
        await slow(admin);
      }
      await new Promise((r) => setTimeout(r, 20 + Math.floor(random() * 120)));
      current = await job();
    }
    const done = await poll("the job's final state", 5_000, async () => {
      const j = await job();
      return FINISHED.includes(j.status) ? j : undefined;
    });
    assert.equal(
      done.status,
      "succeeded",
      `${JSON.stringify({ ...done, result: undefined }).slice(0, 600)}\nfailed: ${
        JSON.stringify(done.result?.push?.failed ?? []).slice(0, 1500)
      }`,
    );
    assert.equal(done.progress.failed, 0);
    assert.deepEqual(done.result.push.failed, []);
    assert.equal(done.interruptions, kills, "every kill mid-push is an interruption, not an attempt");

    await admin("/_emulator/faults", { method: "DELETE" }).then((r) => r.body?.cancel());
    const books = await emulatorBooks(admin, realmId);
    assert.deepEqual(books, clean, "QuickBooks holds the books of a run without faults");
    await service.stop("SIGTERM");
    service = undefined;

    const database = await openDatabase(env.DATABASE_URL);
    const links = await new SqlSyncLinkRepository(database).listForRealm(org, realmId);
    await database.close();
    const store = createCompanyStore({ clock: { now: () => new Date() }, filePath: env.EMULATOR_STATE_FILE });
    const company = store.company(realmId)!;
    let lost = 0;
    let duplicates = 0;
    let objects = 0;
    for (const link of links) if (!company.get(link.entityType, link.qboId)) lost++;
    for (const entity of SYNC_ONLY) {
      const linked = links.filter((l) => l.entityType === entity).map((l) => l.qboId);
      const made = company.list(entity).map((o) => String(o.Id));
      objects += made.length;
      duplicates += made.filter((id) => !linked.includes(id)).length + (linked.length - new Set(linked).size);
      lost += linked.filter((id) => !made.includes(id)).length;
    }
    store.close();
    assert.equal(lost, 0, "every link names an object QuickBooks has");
    assert.equal(duplicates, 0, "every object the sync made is linked exactly once");
    return {
      database: options.database,
      seed: options.seed,
      records,
      kills,
      faults,
      links: links.length,
      objects,
      duplicates,
      lost,
      status: done.status,
      attempts: done.attempts,
      interruptions: done.interruptions,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await service?.stop("SIGKILL");
    await postgres?.drop();
    await Deno.remove(dir, { recursive: true });
  }
}

/** One line of figures for a soak. */
export function describeSoak(r: SoakReport): string {
  return `soak [${r.database}, seed ${r.seed}]: ${r.records} records, ${r.kills} kills, faults ` +
    `${
      JSON.stringify(r.faults)
    }; job ${r.status} (attempts ${r.attempts}, interruptions ${r.interruptions}); ` +
    `${r.links} links, ${r.objects} sync-made objects, ${r.duplicates} duplicates, ${r.lost} lost; ${r.seconds} s`;
}
