import { EventEmitter } from "node:events";

/** A TTY stdin for Ink that a test (or a benchmark) types into with `send`. */
export class FakeTtyInput extends EventEmitter {
  readonly isTTY = true;
  isRaw = false;
  private data: string | null = null;
  setRawMode(raw: boolean): void {
    this.isRaw = raw;
  }
  setEncoding(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
  send(data: string): void {
    this.data = data;
    this.emit("readable");
  }
}
