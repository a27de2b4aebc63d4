import { describe, expect, it } from "vitest";
import { DESCRIBE_TABWRITER, GET_TABWRITER, TabWriter } from "../../../src/client/output/tabwriter.js";

function layout(text: string, opts = GET_TABWRITER): string {
  const tw = new TabWriter(opts);
  tw.write(text);
  return tw.toString();
}

describe("TabWriter (Go's text/tabwriter)", () => {
  it("pads each column to its widest cell plus padding, never the last cell", () => {
    expect(layout("NAME\tREADY\tSTATUS\nnginx-abc\t1/1\tRunning\n")).toBe("NAME        READY   STATUS\nnginx-abc   1/1     Running\n");
  });

  it("honours the minimum width (kubectl get: 6)", () => {
    expect(layout("A\tB\nx\ty\n")).toBe("A     B\nx     y\n");
  });

  it("ends a column block at a line without tabs", () => {
    const out = layout("Name:\tx\nLabels:\tapp=y\nContainers:\n  a-long-container-name:\tz\n", DESCRIBE_TABWRITER);
    expect(out).toBe("Name:    x\nLabels:  app=y\nContainers:\n  a-long-container-name:  z\n");
  });

  it("aligns a column only over consecutive lines that have it", () => {
    const out = layout("a\tb\tc\nlonger\td\n", DESCRIBE_TABWRITER);
    expect(out).toBe("a       b  c\nlonger  d\n");
  });

  it("pads empty cells, so continuation lines line up", () => {
    expect(layout("Labels:\tapp=x\n\ttier=y\n", DESCRIBE_TABWRITER)).toBe("Labels:  app=x\n         tier=y\n");
  });

  it("counts characters, not bytes or UTF-16 units", () => {
    expect(layout("é\tx\nab\ty\n", DESCRIBE_TABWRITER)).toBe("é   x\nab  y\n");
  });

  it("keeps text written without a final newline", () => {
    expect(layout("a\tb\nc")).toBe("a     b\nc");
  });
});
