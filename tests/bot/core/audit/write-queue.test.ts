import { describe, expect, it } from "vitest";
import { WriteQueue } from "../../../../bot/core/audit/write-queue.ts";
import { createLogger } from "../../../../foundation/log.ts";

/** A table that refuses writes while `down` is true, as a database that is away does. */
function flakyTable() {
  const rows: string[] = [];
  const table = {
    down: false,
    rows,
    write: (row: string) => async () => {
      if (table.down) throw new Error("connection refused");
      rows.push(row);
    },
  };
  return table;
}

describe("WriteQueue", () => {
  it("writes at once while the table takes writes", async () => {
    const table = flakyTable();
    const queue = new WriteQueue<string>(createLogger("silent"));
    queue.push("a", "a", table.write("a"));
    // Started synchronously: an embedded database has the row before push returns.
    expect(table.rows).toEqual(["a"]);
    expect(await queue.flush(1000)).toBe(true);
    expect(queue.state()).toEqual({ pending: 0, written: 1, retried: 0, dropped: 0, rejected: 0 });
  });

  it("keeps writes while the table is away, finds them by key, and writes them in order once it is back", async () => {
    const table = flakyTable();
    const lines: string[] = [];
    const queue = new WriteQueue<string>(
      createLogger("debug", (l) => lines.push(l)),
      {
        capacity: 100,
        firstDelayMs: 10,
        maxDelayMs: 40,
      },
    );
    table.down = true;
    for (const row of ["a", "b", "c"]) queue.push(row, { row }, table.write(row));
    expect(queue.find("b")).toEqual({ row: "b" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(queue.state()).toMatchObject({ pending: 3, written: 0, lastError: "connection refused" });
    expect(queue.state().retried).toBeGreaterThan(1);
    table.down = false;
    expect(await queue.flush(2000)).toBe(true);
    expect(table.rows).toEqual(["a", "b", "c"]);
    expect(queue.state()).toMatchObject({ pending: 0, written: 3, dropped: 0 });
    expect(queue.find("b")).toBeUndefined();
    expect(lines.filter((l) => l.includes("audit.write_failed"))).toHaveLength(1);
    expect(lines.some((l) => l.includes("audit.writes_resumed"))).toBe(true);
  });

  it("drops the oldest write not in flight beyond its capacity, counting and logging each", async () => {
    const table = flakyTable();
    const lines: string[] = [];
    const queue = new WriteQueue<string>(
      createLogger("debug", (l) => lines.push(l)),
      {
        capacity: 2,
        firstDelayMs: 10,
        maxDelayMs: 10,
      },
    );
    table.down = true;
    for (const row of ["a", "b", "c", "d"]) queue.push(row, row, table.write(row));
    expect(queue.state()).toMatchObject({ pending: 2, dropped: 2 });
    table.down = false;
    expect(await queue.flush(2000)).toBe(true);
    // "a" was being written when the others arrived, so "b" and then "c" made room.
    expect(table.rows).toEqual(["a", "d"]);
    expect(lines.filter((l) => l.includes("audit.write_dropped"))).toHaveLength(2);
  });

  it("gives up at once on a row the database refuses for good, and writes the rows behind it", async () => {
    const rows: string[] = [];
    const lines: string[] = [];
    const refused = Object.assign(new Error("CHECK constraint failed"), { code: "SQLITE_CONSTRAINT_CHECK" });
    const queue = new WriteQueue<string>(
      createLogger("debug", (l) => lines.push(l)),
      {
        capacity: 10,
        firstDelayMs: 10,
        maxDelayMs: 10,
        isPermanent: (error) => (error as { code?: string }).code === "SQLITE_CONSTRAINT_CHECK",
      },
    );
    queue.push("a", "a", async () => void rows.push("a"));
    queue.push("bad", "bad", async () => {
      throw refused;
    });
    queue.push("c", "c", async () => void rows.push("c"));
    expect(await queue.flush(1000)).toBe(true);
    expect(rows).toEqual(["a", "c"]);
    expect(queue.state()).toEqual({ pending: 0, written: 2, retried: 0, dropped: 0, rejected: 1 });
    expect(lines.filter((l) => l.includes("audit.write_rejected"))).toHaveLength(1);
  });
});
