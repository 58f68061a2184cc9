/**
 * The soak's short mode (the full one is `deno task soak`): a smaller portfolio, two kills and a
 * handful of faults, on the embedded libSQL file and on PostgreSQL. `SOAK_SEED` repeats a run.
 */
import { describeSoak, runSoak, type SoakOptions } from "./soak.ts";

const SHORT: Omit<SoakOptions, "database"> = {
  shape: { properties: 3, unitsPerProperty: 10, months: 3, bills: true, moveOut: true },
  kills: 2,
  faults: 8,
  seed: Number(Deno.env.get("SOAK_SEED") ?? 4242),
  timeoutMs: 180_000,
  // A loaded CI machine makes calls slow: faults wait for progress, so the circuit never opens.
  faultSpacing: "progress",
};

for (const database of ["libsql", "postgres"] as const) {
  Deno.test({
    name:
      `reliability soak (short) [${database}]: faults and SIGKILLs during a push end with the books of a clean run`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      console.log(describeSoak(await runSoak({ ...SHORT, database })));
    },
  });
}
