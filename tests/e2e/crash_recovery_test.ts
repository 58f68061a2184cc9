/**
 * Issue 14's "Seen", end to end on the embedded default: `deno task start` on a libSQL file with
 * the built-in emulator persisted to its state file, a few hundred records pushed, the process
 * SIGKILLed twice in the middle of the sync and started again on the same files. The job resumes
 * at once (the restarted worker takes its own lease back), finishes succeeded on its first attempt
 * (the crashes are interruptions, not attempts), QuickBooks holds exactly the books of a run
 * without crash, and every link names an object QuickBooks has, each object linked once.
 */
import assert from "node:assert/strict";
import { createCompanyStore } from "../../adapters/quickbooks-emulator/accounting/mod.ts";
import { openDatabase } from "../../adapters/persistence/database.ts";
import { SqlSyncLinkRepository } from "../../adapters/persistence/repositories/sync_link_repository.ts";
import { DEVELOPMENT_CALLER, signDevelopmentToken } from "../../src/composition/development_token.ts";
import { readDevelopmentSecrets } from "../../adapters/system/development_secrets_file.ts";
import type { PortfolioShape } from "../../src/demo/sample_portfolio.ts";
import { emulatorBooks } from "../support/emulator_books.ts";
import { cleanRunBooks, FINISHED, poll, processApi, queuePush, SYNC_ONLY } from "../support/push_run.ts";
import { freePort, type ServiceProcess, startServiceProcess } from "../support/service_process.ts";

const SHAPE: PortfolioShape = { properties: 3, unitsPerProperty: 10, months: 3, bills: true, moveOut: true };

Deno.test({
  name:
    "crash recovery: a push SIGKILLed twice on the embedded default resumes at once and writes the books of a clean run",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const testStarted = performance.now();
    const clean = await cleanRunBooks(SHAPE);

    const dir = await Deno.makeTempDir({ prefix: "crash-e2e-" });
    const port = freePort();
    const env = {
      APP_ENV: "development",
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: `file:${dir}/estatecore.db`,
      EMULATOR_STATE_FILE: `${dir}/emulator-state.json`,
      LOG_LEVEL: "info",
    };
    const org = DEVELOPMENT_CALLER.org;
    let service: ServiceProcess | undefined = await startServiceProcess(env);
    try {
      // What the first start generated and kept next to its database (and printed).
      const secrets = await readDevelopmentSecrets(`${dir}/estatecore.db.secrets`);
      assert.ok(secrets, "the first start made its development secrets");
      const bearer = await signDevelopmentToken(secrets.jwtSecret, DEVELOPMENT_CALLER, new Date());
      const call = processApi(() => service!.base, bearer);
      const job = async () => (await call("GET", `/sync/jobs/${jobId}`)).body.data;
      const { realmId, jobId, admin } = await queuePush(
        call,
        service.base,
        org,
        SHAPE,
        secrets.emulatorAdminToken,
      );

      let interrupted = 0;
      for (const share of [0.25, 0.6]) {
        // Killed in the middle of the sync: after some batches are stored, well before the last.
        const at = await poll(`${share * 100}% of the push`, 20_000, async () => {
          const j = await job();
          const far = j.progress.total > 0 && j.progress.done >= share * j.progress.total;
          return (j.status === "running" && far) || FINISHED.includes(j.status) ? j : undefined;
        });
        if (FINISHED.includes(at.status)) break; // the assertions below say how it ended
        assert.ok(at.progress.done < at.progress.total, `killed mid-sync: ${JSON.stringify(at.progress)}`);
        assert.equal((await service.stop("SIGKILL")).signal, "SIGKILL");
        const restartedAt = performance.now();
        service = await startServiceProcess(env);
        const resumed = await job();
        if (resumed.status !== "running" && resumed.status !== "queued") continue; // it ended before the kill
        interrupted++;
        // The lease is 60 s: waiting it out would take far longer than this.
        await poll("the job to move again after the restart", 15_000, async () => {
          const j = await job();
          return j.interruptions === interrupted &&
              (j.progress.done > resumed.progress.done || j.status === "succeeded")
            ? j
            : undefined;
        });
        const waited = performance.now() - restartedAt;
        assert.ok(waited < 15_000, `resumed ${Math.round(waited)} ms after the restart`);
        assert.ok(
          service.logs.some((l) => l.includes("took back the jobs of this worker's previous run")),
          service.logs.slice(-20).join("\n"),
        );
      }
      assert.ok(interrupted >= 1, "at least one kill landed in the middle of the job");

      const done = await poll("the job to finish", 25_000, async () => {
        const j = await job();
        return FINISHED.includes(j.status) ? j : undefined;
      });
      assert.equal(done.status, "succeeded", JSON.stringify(done).slice(0, 800));
      assert.equal(done.attempts, 1, "the crashes spent none of the job's retry attempts");
      assert.equal(done.interruptions, interrupted);
      assert.equal(done.error, null);
      assert.equal(done.progress.failed, 0);
      assert.deepEqual(done.result.push.failed, []);

      const books = await emulatorBooks(admin, realmId);
      assert.deepEqual(books, clean, "QuickBooks holds the books of a run without crash");
      await service.stop("SIGTERM");
      service = undefined;

      // Every link names an object QuickBooks has; every object the sync made is linked once.
      const database = await openDatabase(env.DATABASE_URL);
      const links = await new SqlSyncLinkRepository(database).listForRealm(org, realmId);
      await database.close();
      const store = createCompanyStore({
        clock: { now: () => new Date() },
        filePath: env.EMULATOR_STATE_FILE,
      });
      const company = store.company(realmId)!;
      for (const link of links) {
        assert.ok(
          company.get(link.entityType, link.qboId),
          `${link.entityType} ${link.qboId} of ${link.recordId}`,
        );
      }
      for (const entity of SYNC_ONLY) {
        const linked = links.filter((l) => l.entityType === entity).map((l) => l.qboId).sort();
        const objects = company.list(entity).map((o) => String(o.Id)).sort();
        assert.deepEqual(linked, objects, `${entity}: each object linked exactly once`);
      }
      store.close();
      const seconds = (performance.now() - testStarted) / 1000;
      console.log(
        `crash recovery: ${links.length} links, ${interrupted} interruptions, ${seconds.toFixed(1)} s`,
      );
    } finally {
      await service?.stop("SIGKILL");
      await Deno.remove(dir, { recursive: true });
    }
  },
});
