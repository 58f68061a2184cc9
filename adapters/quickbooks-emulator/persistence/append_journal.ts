import { directoryOf, syncDirectoryOf, writeAllSync } from "./durable_files.ts";

/**
 * An append-only journal of JSON entries, one line each, made durable (fdatasync) before
 * {@link AppendJournal.append} returns, so whoever answers after it can never be contradicted by
 * a crash. At open, complete lines are read back; an unterminated last line (a write cut short by
 * the crash, never acknowledged) is dropped and cut from the file before anything is appended. A
 * damaged line before the end is not something a crash does: opening fails, naming the line.
 *
 * @example
 * ```ts
 * const journal = new AppendJournal("./data/state.journal.jsonl");
 * journal.entries; // what earlier runs appended, oldest first
 * journal.append({ seq: 1, changes: [] });
 * journal.close();
 * ```
 */
export class AppendJournal {
  readonly path: string;
  /** Complete entries found at open, oldest first. */
  readonly entries: readonly unknown[];
  /** Bytes of the torn last line dropped at open (0 when the file ended cleanly). */
  readonly tornBytes: number;
  readonly #file: Deno.FsFile;
  #bytes: number;

  /** Reads the complete entries, drops a torn tail, and opens the file for appending. */
  constructor(path: string) {
    this.path = path;
    let data: Uint8Array;
    try {
      data = Deno.readFileSync(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      Deno.mkdirSync(directoryOf(path), { recursive: true });
      data = new Uint8Array();
    }
    const end = data.lastIndexOf(0x0a) + 1;
    const lines = new TextDecoder().decode(data.subarray(0, end)).split("\n");
    lines.pop(); // the empty string after the last newline
    const entries: unknown[] = [];
    let complete = end;
    for (const [index, line] of lines.entries()) {
      try {
        entries.push(JSON.parse(line));
      } catch (error) {
        if (index < lines.length - 1) {
          throw new SyntaxError(
            `${path}: journal line ${index + 1} of ${lines.length} is damaged (${
              error instanceof Error ? error.message : String(error)
            }); only the last line can be cut short by a crash`,
          );
        }
        // A complete-looking last line that does not parse was never acknowledged either.
        complete = end - new TextEncoder().encode(line).length - 1;
      }
    }
    this.entries = entries;
    this.tornBytes = data.length - complete;
    this.#file = Deno.openSync(path, { read: true, write: true, create: true });
    if (this.tornBytes > 0) {
      this.#file.truncateSync(complete);
      this.#file.syncSync();
    }
    if (data.length === 0) syncDirectoryOf(path);
    this.#file.seekSync(complete, Deno.SeekMode.Start);
    this.#bytes = complete;
  }

  /** Bytes of complete entries in the file. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Appends one entry and returns once it is on disk. */
  append(entry: unknown): void {
    const bytes = new TextEncoder().encode(JSON.stringify(entry) + "\n");
    writeAllSync(this.#file, bytes);
    this.#file.syncDataSync();
    this.#bytes += bytes.length;
  }

  /** Empties the journal (its entries are in a durable snapshot now). */
  clear(): void {
    this.#file.truncateSync(0);
    this.#file.seekSync(0, Deno.SeekMode.Start);
    this.#file.syncSync();
    this.#bytes = 0;
  }

  close(): void {
    this.#file.close();
  }
}
