/** The README's integration health thresholds table is the configuration in src/config.ts, row for row. */
import assert from "node:assert/strict";
import { HEALTH_THRESHOLD_SETTINGS, loadConfig } from "../src/config.ts";
import { ipAddresses } from "../adapters/http/ip_addresses.ts";
import { TEST_DEVELOPMENT_SECRETS } from "./support/service.ts";

Deno.test("README Integration health: one row per HEALTH_* variable with the default the configuration uses", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const section = readme.split("\n## Integration health\n")[1]?.split("\n## ")[0];
  assert.ok(section, "README has an Integration health section");
  const rows = section.split("\n").filter((line) => line.startsWith("| `HEALTH_"))
    .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim().replace(/`/g, "")));
  const documented = Object.fromEntries(rows.map(([variable, value]) => [variable, Number(value)]));
  const configured = loadConfig({}, TEST_DEVELOPMENT_SECRETS, ipAddresses).health;
  const expected: Record<string, number> = { HEALTH_EVALUATION_SECONDS: configured.evaluateEveryMs / 1000 };
  for (const [key, setting] of Object.entries(HEALTH_THRESHOLD_SETTINGS)) {
    expected[setting.variable] = configured.thresholds[key as keyof typeof configured.thresholds];
  }
  assert.deepEqual(documented, expected);
  const example = await Deno.readTextFile(new URL("../.env.example", import.meta.url));
  for (const [variable, value] of Object.entries(expected)) {
    assert.ok(example.includes(`\n${variable}=${value}\n`), `.env.example documents ${variable}=${value}`);
  }
});
