import { describe, expect, it } from "vitest";
import { csvStream, type CsvBatch } from "./stream";
import { parseCsv, readChunks } from "./testing";
import { csvNumber } from "./write";

/** A source of `batches` batches of `size` records, counting the batches it was asked for. */
function source(batches: number, size: number) {
  const counter = { read: 0 };
  const next = async (): Promise<CsvBatch> => {
    const index = counter.read++;
    const records = Array.from({ length: size }, (_, i) => [`row ${index * size + i}`, csvNumber(-i)]);
    return { records, last: index === batches - 1 };
  };
  return { counter, next };
}

/** Gives the producer every chance to run ahead: several turns of the event loop and timers. */
const idle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("csvStream", () => {
  it("reads a batch only when its reader asks for more: never more than two batches ahead of a slow reader", async () => {
    const { counter, next } = source(30, 4);
    const reader = csvStream(["name", "amount"], next).getReader();
    await idle();
    // Nothing was read for a reader that has not started.
    expect(counter.read).toBeLessThanOrEqual(1);
    let taken = 0;
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      taken++;
      await idle();
      // `taken` chunks (the header first) taken; the queue holds one more, a pull may be under way.
      expect(counter.read - (taken - 1)).toBeLessThanOrEqual(2);
    }
    expect(counter.read).toBe(30);
  });

  it("writes the header, then each batch as one chunk, and closes after the last", async () => {
    const { next } = source(3, 2);
    const chunks = await readChunks(csvStream(["name", "amount"], next));
    expect(chunks).toHaveLength(4);
    expect(parseCsv(chunks.join(""))).toEqual([["name", "amount"], ["row 0", "0"], ["row 1", "-1"], ["row 2", "0"], ["row 3", "-1"], ["row 4", "0"], ["row 5", "-1"]]);
  });

  it("ends with the reason as its last line when a batch stops it, and reads nothing more", async () => {
    let calls = 0;
    const next = async (): Promise<CsvBatch> => (++calls === 1 ? { records: [["a"]], last: false } : { stopped: "Export stopped: access ended." });
    const chunks = await readChunks(csvStream(["name"], next));
    expect(parseCsv(chunks.join(""))).toEqual([["name"], ["a"], ["Export stopped: access ended."]]);
    expect(calls).toBe(2);
  });

  it("reads on past an empty batch that is not the last", async () => {
    const batches: CsvBatch[] = [{ records: [], last: false }, { records: [["b"]], last: true }];
    const chunks = await readChunks(csvStream(["name"], async () => batches.shift()!));
    expect(chunks.join("")).toBe("name\r\nb\r\n");
  });
});
