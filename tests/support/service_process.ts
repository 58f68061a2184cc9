/**
 * `deno task start` as a child process on the embedded defaults (a libSQL file database and the
 * built-in emulator persisted to its state file, the worker inside), for tests that SIGKILL it and
 * start it again on the same files and port. Its JSON log lines are collected per start.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface ServiceProcess {
  readonly base: string;
  /** The log lines this start printed so far. */
  readonly logs: string[];
  /** Sends `signal` and waits until the process is gone. */
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
}

/** A free loopback port (the same one is reused for every start of a test's service). */
export function freePort(): number {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  return port;
}

/**
 * The variables a child needs besides the service's own: the Deno and npm caches, a home, and how
 * this machine reaches the package registry (proxy and CA settings), should the child fetch a
 * package its parent had not loaded.
 */
const INHERITED = [
  "PATH",
  "HOME",
  "DENO_DIR",
  "npm_config_cache",
  "XDG_CACHE_HOME",
  "TMPDIR",
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "NODE_EXTRA_CA_CERTS",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
  "https_proxy",
  "http_proxy",
  "no_proxy",
  "NPM_CONFIG_REGISTRY",
];

function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  return env;
}

/** Starts the service with `env` (PORT and the data files at least); resolves once it listens. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "--allow-ffi",
      "--allow-sys",
      "src/main.ts",
    ],
    cwd: ROOT,
    // Tests burst far past the consumer rate limits; a test about them turns them on.
    env: { ...inheritedEnv(), NO_COLOR: "1", HOST: "127.0.0.1", RATE_LIMITING: "false", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const logs: string[] = [];
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => listening = resolve);
  const lines = async (stream: ReadableStream<Uint8Array>) => {
    let rest = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) {
        logs.push(line);
        if (line.includes('"msg":"listening"')) listening();
      }
    }
    if (rest) logs.push(rest);
  };
  const drained = Promise.all([lines(child.stdout), lines(child.stderr)]);
  const exited = child.status.then((status) => status);
  const first = await Promise.race([ready.then(() => null), exited]);
  if (first) {
    await drained;
    assert.fail(`the service exited (${first.code}) before listening:\n${logs.slice(-30).join("\n")}`);
  }
  return {
    base: `http://127.0.0.1:${env.PORT}`,
    logs,
    stop: async (signal: Deno.Signal = "SIGTERM") => {
      try {
        child.kill(signal);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // already exited
      }
      const status = await exited;
      await drained;
      return status;
    },
  };
}
