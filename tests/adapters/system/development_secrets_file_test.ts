import assert from "node:assert/strict";
import {
  DEVELOPMENT_SECRETS_FILE_NAME,
  ephemeralDevelopmentSecrets,
  loadOrCreateDevelopmentSecrets,
  readDevelopmentSecrets,
} from "../../../adapters/system/development_secrets_file.ts";
import { DomainError } from "../../../domain/errors.ts";

async function withDirectory(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dev-secrets-" });
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const modeOf = async (path: string) => (await Deno.stat(path)).mode! & 0o777;

Deno.test("loadOrCreateDevelopmentSecrets makes the secrets once, owner-only, and every later load reuses them", async () => {
  await withDirectory(async (root) => {
    const dir = `${root}/data/estatecore.db.secrets`;
    const first = await loadOrCreateDevelopmentSecrets(dir);
    assert.equal(first.created, true);
    assert.equal(first.path, `${dir}/${DEVELOPMENT_SECRETS_FILE_NAME}`);
    assert.equal(await modeOf(dir), 0o700);
    assert.equal(await modeOf(first.path), 0o600);
    const s = first.secrets;
    for (
      const value of [s.jwtSecret, s.quickbooksClientSecret, s.webhookVerifierToken, s.emulatorAdminToken]
    ) {
      assert.match(value, /^[A-Za-z0-9_-]{43}$/, "32 random bytes, base64url");
    }
    assert.match(s.tokenEncryptionKey, /^dev-[0-9a-f]{8}:[A-Za-z0-9+/]{43}=$/);
    assert.equal(new Set(Object.values(s)).size, 5, "five different secrets");

    const again = await loadOrCreateDevelopmentSecrets(dir);
    assert.equal(again.created, false);
    assert.deepEqual(again.secrets, s);
    assert.deepEqual(await readDevelopmentSecrets(dir), s);
    assert.deepEqual((await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name), [
      DEVELOPMENT_SECRETS_FILE_NAME,
    ]);

    const elsewhere = await loadOrCreateDevelopmentSecrets(`${root}/other`);
    assert.notDeepEqual(elsewhere.secrets, s, "another data directory, other secrets");
  });
});

Deno.test("loadOrCreateDevelopmentSecrets: processes starting at once agree on one set", async () => {
  await withDirectory(async (dir) => {
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateDevelopmentSecrets(dir)));
    assert.equal(results.filter((r) => r.created).length, 1);
    for (const r of results) assert.deepEqual(r.secrets, results[0].secrets);
    assert.deepEqual(await readDevelopmentSecrets(dir), results[0].secrets);
  });
});

Deno.test("readDevelopmentSecrets takes group and other permissions away from a file and directory that have them", async () => {
  await withDirectory(async (root) => {
    const dir = `${root}/secrets`;
    const { path, secrets } = await loadOrCreateDevelopmentSecrets(dir);
    await Deno.chmod(path, 0o644);
    await Deno.chmod(dir, 0o755);
    assert.deepEqual(await readDevelopmentSecrets(dir), secrets);
    assert.equal(await modeOf(path), 0o600);
    assert.equal(await modeOf(dir), 0o700);
  });
});

Deno.test("readDevelopmentSecrets: none yet is null; a file it did not write is CONFIG_INVALID naming it", async () => {
  await withDirectory(async (dir) => {
    assert.equal(await readDevelopmentSecrets(dir), null);
    const path = `${dir}/${DEVELOPMENT_SECRETS_FILE_NAME}`;
    for (const text of ["{not json", JSON.stringify({ version: 1, jwt_secret: "short" })]) {
      await Deno.writeTextFile(path, text);
      await assert.rejects(
        () => loadOrCreateDevelopmentSecrets(dir),
        (error) =>
          error instanceof DomainError && error.code === "CONFIG_INVALID" &&
          error.message.includes(path) && error.message.includes("remove it"),
      );
    }
  });
});

Deno.test("ephemeralDevelopmentSecrets draws from the randomness it is given", () => {
  let calls = 0;
  const secrets = ephemeralDevelopmentSecrets((length) => new Uint8Array(length).fill(++calls));
  assert.equal(
    secrets.jwtSecret,
    btoa(String.fromCharCode(...new Uint8Array(32).fill(1))).replace(/=+$/, ""),
  );
  assert.match(secrets.tokenEncryptionKey, /^dev-02020202:AwMD/);
  assert.notDeepEqual(ephemeralDevelopmentSecrets(), ephemeralDevelopmentSecrets());
});
