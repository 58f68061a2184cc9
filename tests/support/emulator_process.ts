/**
 * `deno task emulator` as a child process on a free port, for tests that kill it (SIGKILL leaves
 * exactly what reached the disk) and start it again on the same data file.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;

/** The admin token the emulator processes of the tests are started with (QBO_EMULATOR_ADMIN_TOKEN). */
export const EMULATOR_PROCESS_ADMIN_TOKEN = "emulator-process-admin-token-for-tests";

export interface EmulatorProcess {
  readonly base: string;
  /** The admin API's credential of this process. */
  readonly adminToken: string;
  readonly child: Deno.ChildProcess;
  /** Kills the process with `signal` and waits until it is gone. */
  kill(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
}

/** Starts the emulator with `QBO_EMULATOR_*` variables from `env`; resolves once it listens. */
export async function startEmulatorProcess(env: Record<string, string>): Promise<EmulatorProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-write", "src/emulator_main.ts"],
    cwd: ROOT,
    env: {
      QBO_EMULATOR_PORT: "0",
      NO_COLOR: "1",
      QBO_EMULATOR_ADMIN_TOKEN: EMULATOR_PROCESS_ADMIN_TOKEN,
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let banner = "";
  while (!/webhooks /.test(banner)) {
    const { value, done } = await reader.read();
    if (done) break;
    banner += value;
  }
  const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(banner)?.[1];
  if (!port) {
    const status = await child.status;
    const errors = await new Response(child.stderr).text();
    assert.fail(`the emulator did not start (exit ${status.code}):\n${banner}\n${errors}`);
  }
  // Keep draining both pipes so the child never blocks on a full one.
  const drained = Promise.all([
    (async () => {
      while (!(await reader.read()).done) { /* drain */ }
    })(),
    child.stderr.pipeTo(new WritableStream()),
  ]).catch(() => undefined);
  return {
    base: `http://127.0.0.1:${port}`,
    adminToken: env.QBO_EMULATOR_ADMIN_TOKEN ?? EMULATOR_PROCESS_ADMIN_TOKEN,
    child,
    kill: async (signal: Deno.Signal = "SIGKILL") => {
      try {
        child.kill(signal);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // already exited
      }
      const status = await child.status;
      await drained;
      return status;
    },
  };
}
