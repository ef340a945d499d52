import fs from "node:fs";

/** Closes a file once nothing holds its reader: a question in flight may still read a replaced generation. */
const closeWhenCollected = new FinalizationRegistry<number>((fd) => fs.close(fd, () => {}));

/**
 * A file of a generation read a record at a time, when a question needs it, instead of held in memory.
 * The file stays open for the reader's life, so a generation pruned from disk after a switch still serves
 * the questions that started on it; the operating system's page cache, shared by every thread, keeps the
 * parts that are read often.
 */
export class OnDemandFile {
  private constructor(
    readonly file: string,
    private readonly fd: number,
    /** The file's length in bytes when it was opened. */
    readonly bytes: number,
  ) {
    closeWhenCollected.register(this, fd);
  }

  static open(file: string): OnDemandFile {
    const fd = fs.openSync(file, "r");
    try {
      return new OnDemandFile(file, fd, fs.fstatSync(fd).size);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /** Fills `into` from byte `start`; false when the file ends first (it was changed or damaged). */
  readInto(into: NodeJS.ArrayBufferView, start: number): boolean {
    return fs.readSync(this.fd, into, 0, into.byteLength, start) === into.byteLength;
  }
}
