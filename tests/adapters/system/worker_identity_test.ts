import assert from "node:assert/strict";
import { claimWorkerIdentity } from "../../../adapters/system/worker_identity.ts";

function counterIds() {
  let n = 0;
  return { newId: () => `id${++n}` };
}

Deno.test("claimWorkerIdentity: WORKER_ID is the identity as given", () => {
  const identity = claimWorkerIdentity({ kind: "fixed", id: "pod-3" }, counterIds());
  assert.equal(identity.id, "pod-3");
  assert.equal(identity.persistent, true);
});

Deno.test("claimWorkerIdentity: without WORKER_ID or a file database, a new identity each start", () => {
  const ids = counterIds();
  const a = claimWorkerIdentity({ kind: "ephemeral" }, ids);
  const b = claimWorkerIdentity({ kind: "ephemeral" }, ids);
  assert.deepEqual([a.id, b.id, a.persistent], ["worker-id1", "worker-id2", false]);
});

Deno.test("claimWorkerIdentity: slots give concurrent workers distinct identities and a restart its own back", async () => {
  const directory = `${await Deno.makeTempDir({ prefix: "slots-" })}/estatecore.db.workers`;
  try {
    const ids = counterIds();
    const first = claimWorkerIdentity({ kind: "slots", directory }, ids);
    const second = claimWorkerIdentity({ kind: "slots", directory }, ids);
    assert.equal(first.id, "worker-1-id1");
    assert.equal(second.id, "worker-2-id2", "a live worker's slot is never shared");
    assert.equal(first.persistent, true);
    first.release();
    first.release();
    const restarted = claimWorkerIdentity({ kind: "slots", directory }, ids);
    assert.equal(restarted.id, first.id, "the slot's identity survives the restart");
    assert.equal(Deno.readTextFileSync(`${directory}/worker-1.id`), "worker-1-id1\n");
    restarted.release();
    second.release();
  } finally {
    await Deno.remove(directory.replace(/\/[^/]+$/, ""), { recursive: true });
  }
});

Deno.test("claimWorkerIdentity: a process killed with SIGKILL frees its slot for the next start", async () => {
  const root = await Deno.makeTempDir({ prefix: "slots-" });
  const directory = `${root}/db.workers`;
  try {
    const module = new URL("../../../adapters/system/worker_identity.ts", import.meta.url).href;
    const script = `import { claimWorkerIdentity } from ${JSON.stringify(module)};
      const identity = claimWorkerIdentity({ kind: "slots", directory: ${
      JSON.stringify(directory)
    } }, { newId: () => "child" });
      console.log(identity.id);
      setInterval(() => {}, 1000);`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    assert.equal(value?.trim(), "worker-1-child");
    const whileAlive = claimWorkerIdentity({ kind: "slots", directory }, counterIds());
    assert.equal(whileAlive.id, "worker-2-id1", "the living child holds slot 1");
    whileAlive.release();
    child.kill("SIGKILL");
    await child.status;
    await reader.cancel();
    const next = claimWorkerIdentity({ kind: "slots", directory }, counterIds());
    assert.equal(next.id, "worker-1-child", "the killed process's identity is taken up again");
    next.release();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
