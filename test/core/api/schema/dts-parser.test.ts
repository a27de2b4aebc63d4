import { describe, expect, it } from "vitest";
import { parseDeclarationFile } from "../../../../src/core/api/schema/dts-parser.js";

const SAMPLE = `import { ObjectMeta, Time } from "../meta/v1";
import { Quantity } from "../api/resource";
/**
 * Widget is a thing.
 *
 * It has two paragraphs.
 */
export interface Widget {
    /** APIVersion of the widget. */
    apiVersion?: "example.com/v1";
    /** Standard metadata. */
    metadata?: ObjectMeta;
    /** Parts, in order. */
    parts: Array<Part>;
    /** Labels on it. */
    labels?: {
        [name: string]: string;
    };
    /** Port, by number or name. */
    port?: number | string;
    /** When it was made. */
    readonly made?: Time;
    /** Sizes. */
    sizes?: {
        [name: string]: Quantity;
    };
}
/** A part of a widget. */
export interface Part {
    /**
     * type is one of:
     *   Big - a big part.
     *   Small - a small part.
     */
    type: string;
}
/** Opaque. */
export interface Blob {
}
`;

describe("parseDeclarationFile", () => {
  const file = parseDeclarationFile("example/v1", SAMPLE);

  it("reads interfaces with their descriptions, kept paragraph by paragraph", () => {
    const w = file.declarations.get("Widget");
    expect(w?.kind).toBe("interface");
    expect(w?.description).toBe("Widget is a thing.\n\nIt has two paragraphs.");
  });

  it("reads each field's type, description and required-ness", () => {
    const w = file.declarations.get("Widget");
    if (w?.kind !== "interface") throw new Error("not an interface");
    const byName = Object.fromEntries(w.fields.map((f) => [f.name, f]));
    expect(byName.apiVersion).toEqual({ name: "apiVersion", type: { kind: "literal", value: "example.com/v1" }, description: "APIVersion of the widget.", required: false });
    expect(byName.metadata!.type).toEqual({ kind: "ref", name: "ObjectMeta", file: "meta/v1" });
    expect(byName.parts).toMatchObject({ type: { kind: "array", items: { kind: "ref", name: "Part", file: "example/v1" } }, required: true });
    expect(byName.labels!.type).toEqual({ kind: "map", values: { kind: "string" } });
    expect(byName.port!.type).toEqual({ kind: "intOrString" });
    expect(byName.made!.type).toEqual({ kind: "ref", name: "Time", file: "meta/v1" });
    expect(byName.sizes!.type).toEqual({ kind: "map", values: { kind: "ref", name: "Quantity", file: "api/resource" } });
  });

  it("keeps the indentation of multi-line field comments", () => {
    const p = file.declarations.get("Part");
    if (p?.kind !== "interface") throw new Error("not an interface");
    expect(p.fields[0]!.description).toBe("type is one of:\n  Big - a big part.\n  Small - a small part.");
  });

  it("reads empty interfaces as field-less (free-form)", () => {
    const b = file.declarations.get("Blob");
    expect(b?.kind === "interface" && b.fields.length).toBe(0);
  });

  it("reads type aliases", () => {
    const f = parseDeclarationFile("api/resource", "/** Quantity is a number. */\nexport type Quantity = string;\n");
    expect(f.declarations.get("Quantity")).toEqual({ kind: "alias", name: "Quantity", file: "api/resource", description: "Quantity is a number.", type: { kind: "string" } });
  });
});
