/**
 * `deno task soak`: the full soak on both databases (a few thousand records, several kills, a few
 * dozen faults), printing one line of figures per run. `SOAK_SHORT=1` runs the short mode the test
 * suite runs; `SOAK_SEED` repeats a run; `SOAK_DATABASES=libsql` limits it to one database.
 */
import { describeSoak, runSoak, type SoakOptions } from "./soak.ts";

const short = Deno.env.get("SOAK_SHORT") === "1";
const options: Omit<SoakOptions, "database"> = short
  ? {
    shape: { properties: 3, unitsPerProperty: 10, months: 3, bills: true, moveOut: true },
    kills: 2,
    faults: 8,
    seed: Number(Deno.env.get("SOAK_SEED") ?? 4242),
    timeoutMs: 180_000,
    faultSpacing: "progress",
  }
  : {
    shape: { properties: 8, unitsPerProperty: 25, months: 6, bills: true, moveOut: true },
    kills: 5,
    faults: 40,
    seed: Number(Deno.env.get("SOAK_SEED") ?? Date.now() % 100_000),
    timeoutMs: 900_000,
  };
const databases = (Deno.env.get("SOAK_DATABASES") ?? "libsql,postgres").split(
  ",",
) as SoakOptions["database"][];
for (const database of databases) {
  console.log(describeSoak(await runSoak({ ...options, database })));
}
