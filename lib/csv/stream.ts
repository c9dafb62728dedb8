// An export larger than memory, written as CSV only as fast as its reader takes it. The stream
// pulls: the next batch is read when the reader (an HTTP response, as slow as its client) has taken
// what was queued, and at most one encoded chunk waits in the queue. A paused download so holds a
// batch or two, never the export. A batch may instead stop the export with a last line saying why
// (its reader lost access): the file then ends there, visibly short.
import { csvRecord, csvText, type CsvCell } from "./write";

export type CsvRows = readonly (readonly CsvCell[])[];

/** What the next read gave: records (`last` when nothing follows), or a reason to stop here. */
export type CsvBatch = { records: CsvRows; last: boolean } | { stopped: string };

export function csvStream(header: readonly CsvCell[], nextBatch: () => Promise<CsvBatch>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvRecord(header)));
          return;
        }
        // A pull that enqueues nothing is not pulled again: read until there is something to give.
        for (;;) {
          const batch = await nextBatch();
          if ("stopped" in batch) {
            controller.enqueue(encoder.encode(csvRecord([batch.stopped])));
            controller.close();
            return;
          }
          if (batch.records.length > 0) controller.enqueue(encoder.encode(csvText(batch.records)));
          if (batch.last) controller.close();
          if (batch.last || batch.records.length > 0) return;
        }
      },
    },
    new CountQueuingStrategy({ highWaterMark: 1 }),
  );
}
