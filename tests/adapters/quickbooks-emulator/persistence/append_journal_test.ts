import assert from "node:assert/strict";
import { AppendJournal } from "../../../../adapters/quickbooks-emulator/persistence/append_journal.ts";

/** The entries a fresh open reads (the journal is closed again). */
function entriesOf(path: string): readonly unknown[] {
  const journal = new AppendJournal(path);
  journal.close();
  return journal.entries;
}

async function inTempDir(run: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "journal-" });
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("AppendJournal: entries appended are read back in order by the next open", () =>
  inTempDir((dir) => {
    const path = `${dir}/j.jsonl`;
    const first = new AppendJournal(path);
    assert.deepEqual(first.entries, [], "a missing file is an empty journal");
    first.append({ seq: 1, note: "line\nbreak" });
    first.append({ seq: 2 });
    const size = first.bytes;
    first.close();
    const second = new AppendJournal(path);
    assert.deepEqual(second.entries, [{ seq: 1, note: "line\nbreak" }, { seq: 2 }]);
    assert.equal(second.bytes, size);
    assert.equal(second.tornBytes, 0);
    second.append({ seq: 3 });
    second.close();
    assert.deepEqual(entriesOf(path).map((e) => (e as { seq: number }).seq), [1, 2, 3]);
  }));

Deno.test("AppendJournal: a torn last line is dropped and cut off, so later appends read back cleanly", () =>
  inTempDir((dir) => {
    const path = `${dir}/j.jsonl`;
    const journal = new AppendJournal(path);
    journal.append({ seq: 1 });
    journal.close();
    const clean = Deno.statSync(path).size;
    // A crash in the middle of the second write: part of a line, no newline.
    Deno.writeTextFileSync(path, '{"seq":2,"companies":[{"realm', { append: true });

    const reopened = new AppendJournal(path);
    assert.deepEqual(reopened.entries, [{ seq: 1 }]);
    assert.equal(reopened.tornBytes, '{"seq":2,"companies":[{"realm'.length);
    assert.equal(Deno.statSync(path).size, clean, "the torn tail is truncated away");
    reopened.append({ seq: 2 });
    reopened.close();
    assert.deepEqual(entriesOf(path), [{ seq: 1 }, { seq: 2 }]);
  }));

Deno.test("AppendJournal: a last line that ends but does not parse is dropped too; a damaged earlier line is fatal", () =>
  inTempDir((dir) => {
    const path = `${dir}/j.jsonl`;
    Deno.writeTextFileSync(path, '{"seq":1}\n{"seq":2,"x":\n');
    const journal = new AppendJournal(path);
    journal.close();
    assert.deepEqual(journal.entries, [{ seq: 1 }]);
    assert.equal(journal.bytes, '{"seq":1}\n'.length);
    assert.equal(Deno.readTextFileSync(path), '{"seq":1}\n');

    Deno.writeTextFileSync(path, '{"seq":1}\n{"seq":2,"x":\n{"seq":3}\n');
    assert.throws(
      () => new AppendJournal(path),
      (error) =>
        error instanceof SyntaxError && /journal line 2 of 3 is damaged/.test(error.message) &&
        error.message.includes(path),
    );
  }));

Deno.test("AppendJournal.clear: empties the file; appends start over", () =>
  inTempDir((dir) => {
    const path = `${dir}/j.jsonl`;
    const journal = new AppendJournal(path);
    journal.append({ seq: 1 });
    journal.clear();
    assert.equal(journal.bytes, 0);
    assert.equal(Deno.statSync(path).size, 0);
    journal.append({ seq: 2 });
    journal.close();
    assert.deepEqual(entriesOf(path), [{ seq: 2 }]);
  }));
