import type { Clock } from "../../domain/ports/clock.ts";
import type { ConnectionRepository, QuickBooksConnection } from "../../domain/ports/connection_repository.ts";
import type { TokenVault } from "../../domain/ports/token_vault.ts";

export interface RotateTokenKeysDeps {
  readonly connections: ConnectionRepository;
  readonly vault: TokenVault;
  readonly clock: Clock;
}

/**
 * Re-seals every stored token set with the vault's current key (`deno task rotate-keys`). Safe to
 * run while workers refresh tokens: each write is version-checked and a lost race is retried
 * with the newer value, which is then already under the current key or re-sealed again.
 */
export async function rotateTokenKeys(
  deps: RotateTokenKeysDeps,
): Promise<{ resealed: number; alreadyCurrent: number }> {
  let resealed = 0;
  let alreadyCurrent = 0;
  const all: QuickBooksConnection[] = [];
  for (const status of ["connected", "needs_reauthorization", "disconnected"] as const) {
    all.push(...await deps.connections.listByStatus(status));
  }
  for (const listed of all) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const connection = attempt === 0 ? listed : await deps.connections.get(listed.orgId, listed.realmId);
      if (!connection?.encryptedTokens) break;
      if (deps.vault.keyIdOf(connection.encryptedTokens) === deps.vault.currentKeyId) {
        alreadyCurrent++;
        break;
      }
      const { sealed } = await deps.vault.seal(await deps.vault.open(connection.encryptedTokens));
      const written = await deps.connections.updateTokens(
        connection.orgId,
        connection.realmId,
        {
          encryptedTokens: sealed,
          accessTokenExpiresAt: connection.accessTokenExpiresAt,
          refreshTokenExpiresAt: connection.refreshTokenExpiresAt,
          refreshTokenHardExpiresAt: connection.refreshTokenHardExpiresAt,
        },
        connection.version,
        deps.clock.now().toISOString(),
      );
      if (written) {
        resealed++;
        break;
      }
    }
  }
  return { resealed, alreadyCurrent };
}
