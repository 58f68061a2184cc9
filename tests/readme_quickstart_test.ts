/**
 * The README's quick start runs as written: the `sh` block after `<!-- quickstart -->` is taken
 * from the README (not copied here) and run by bash from the repository's root, against a fresh
 * database, a fresh emulator company and a free port. Each step must succeed (`set -e`, and the lines use `curl -f`), and
 * what it prints must show a first sync: the company connected, the mapping valid, the records
 * stored, the push succeeded, every record in the history and the books reconciled.
 */
import assert from "node:assert/strict";

const ROOT = new URL("..", import.meta.url).pathname;

function quickstart(readme: string): string {
  const after = readme.split("<!-- quickstart -->\n")[1];
  assert.ok(after, "the README marks its quick start with <!-- quickstart -->");
  const block = after.match(/^```sh\n([\s\S]*?)\n```/);
  assert.ok(block, "a ```sh block follows the marker");
  return block[1];
}

/** The JSON documents a run printed one after another, read by jq itself (`jq -s`). */
// deno-lint-ignore no-explicit-any
async function documents(text: string): Promise<any[]> {
  const jq = new Deno.Command("jq", { args: ["-s", "."], stdin: "piped", stdout: "piped" }).spawn();
  const writer = jq.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const { code, stdout } = await jq.output();
  assert.equal(code, 0, `the quick start printed JSON documents:\n${text}`);
  return JSON.parse(new TextDecoder().decode(stdout));
}

function freePort(): number {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  return port;
}

Deno.test({
  name: "README quick start: its lines, run as written, take a fresh service to a first reconciled sync",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const lines = quickstart(await Deno.readTextFile(`${ROOT}README.md`));
    const dir = await Deno.makeTempDir({ prefix: "quickstart-" });
    // The harness only: stop the background service even when a line fails. With job control on,
    // each background line runs in its own process group, so the trap stops the whole group (npx,
    // the deno task and the service it starts), not npx alone.
    const script = `set -m\nset -euo pipefail\n` +
      `trap 'for job in $(jobs -p); do kill -- -$job 2>/dev/null || true; done' EXIT\n${lines}\n`;
    const env: Record<string, string> = {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? dir,
      PORT: String(freePort()),
      DATABASE_URL: `file:${dir}/quickstart.db`,
      EMULATOR_STATE_FILE: `${dir}/emulator-state.json`,
      NO_COLOR: "1",
    };
    for (const name of ["DENO_DIR", "npm_config_cache", "XDG_CACHE_HOME"]) {
      const value = Deno.env.get(name);
      if (value) env[name] = value;
    }
    const run = await new Deno.Command("bash", {
      args: ["-c", script],
      cwd: ROOT,
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(240_000),
    }).output();
    const out = new TextDecoder().decode(run.stdout);
    const err = new TextDecoder().decode(run.stderr);
    const log = await Deno.readTextFile(`${ROOT}data/estatecore.log`).catch(() => "");
    const context = `stdout:\n${out}\nstderr:\n${err}\nservice log (tail):\n${log.slice(-3000)}`;
    assert.equal(run.code, 0, context);

    // What the steps printed, in order: connected company, mapping state, intake summary, job,
    // history entries, reconciliation.
    const printed = await documents(out);
    const [company, mappingState, intake, job, history, books] = printed;
    assert.equal(company.status, "connected", context);
    assert.match(String(company.realm_id), /^\d+$/);
    assert.equal(mappingState, "valid", context);
    assert.deepEqual(intake, { received: 6, created: 6, updated: 0, unchanged: 0, invalid: 0 });
    assert.equal(job.status, "succeeded", JSON.stringify(job));
    assert.ok(job.progress.done > 0, JSON.stringify(job));
    assert.equal(job.progress.failed, 0, JSON.stringify(job));
    const records = new Set(history.map((e: { record_id: string }) => e.record_id));
    for (const id of ["prop_1", "ten_1", "chg_1", "pay_1"]) {
      assert.ok(records.has(id), `${id} in ${[...records]}`);
    }
    assert.deepEqual(books.discrepancies, [], JSON.stringify(books));
    assert.equal(books.integrity_score.by_count, 100, JSON.stringify(books));
    await Deno.remove(dir, { recursive: true });
  },
});
