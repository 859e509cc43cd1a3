import { describe, expect, it } from "vitest";
import { ProgressBar, renderProgressLine } from "../src/progress-bar.js";

class Terminal {
  readonly chunks: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 60,
  ) {}
  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }
}

describe("progress bar", () => {
  it("renders label, bar, counts, percentage and rate within the width", () => {
    const line = renderProgressLine({ done: 5, total: 10, label: "jpg85_modifier" }, 60, 2000);
    const match = /^jpg85_modifier \[(#+)(-+)\] 5\/10 50% 2\.5\/s$/.exec(line);
    expect(match).not.toBeNull();
    expect(Math.abs(match![1]!.length - match![2]!.length)).toBeLessThanOrEqual(1);
    expect(line.length).toBeLessThan(60);
    expect(renderProgressLine({ done: 1, total: 4 }, 20, 0).length).toBeLessThan(20);
  });

  it("draws on a terminal, always the last step, and clears", () => {
    const terminal = new Terminal(true);
    const bar = new ProgressBar(terminal, 10_000);
    bar.update({ done: 1, total: 3 });
    bar.update({ done: 2, total: 3 });
    bar.update({ done: 3, total: 3 });
    bar.clear();
    expect(terminal.chunks).toHaveLength(3);
    expect(terminal.chunks[1]).toContain("3/3 100%");
    expect(terminal.chunks[2]).toBe("\r\u001b[K");
  });

  it("falls back to 80 columns when the terminal reports no width", () => {
    const terminal = new Terminal(true, 0);
    new ProgressBar(terminal).update({ done: 1, total: 2, label: "x" });
    expect(terminal.chunks[0]).toContain("1/2 50%");
  });

  it("prints nothing when the stream is not a terminal", () => {
    const pipe = new Terminal(false);
    const bar = new ProgressBar(pipe);
    bar.update({ done: 1, total: 1 });
    bar.clear();
    expect(bar.enabled).toBe(false);
    expect(pipe.chunks).toEqual([]);
  });
});
