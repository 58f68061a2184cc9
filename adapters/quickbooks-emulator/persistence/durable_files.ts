/**
 * Writes that survive a crash (kill -9, and power loss as far as the disk honours fsync): a file is
 * replaced by writing a sibling, syncing it, renaming it over the old one and syncing the
 * directory, so a reader finds the old content or the new, never half of one.
 */

/** Replaces `path` with `text` atomically and durably. */
export function writeFileDurably(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  const file = Deno.openSync(tmp, { write: true, create: true, truncate: true });
  try {
    writeAllSync(file, new TextEncoder().encode(text));
    file.syncSync();
  } finally {
    file.close();
  }
  Deno.renameSync(tmp, path);
  syncDirectoryOf(path);
}

/** Writes every byte (a single write may take only part of them). */
export function writeAllSync(file: Deno.FsFile, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
}

/** Makes a rename or a new file in `path`'s directory durable (a no-op where directories cannot be synced). */
export function syncDirectoryOf(path: string): void {
  const dir = directoryOf(path);
  let handle: Deno.FsFile | undefined;
  try {
    handle = Deno.openSync(dir, { read: true });
    handle.syncSync();
  } catch (error) {
    // Windows cannot open a directory as a file; the rename itself is still atomic there.
    if (!(error instanceof Deno.errors.PermissionDenied) && Deno.build.os !== "windows") throw error;
  } finally {
    handle?.close();
  }
}

/** The directory a file path names (`.` for a bare file name). */
export function directoryOf(path: string): string {
  const slash = Math.max(path.lastIndexOf("/"), Deno.build.os === "windows" ? path.lastIndexOf("\\") : -1);
  return slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
}
