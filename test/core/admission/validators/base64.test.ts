import { describe, expect, it } from "vitest";
import { base64DecodedLength, base64Error } from "../../../../src/core/admission/validators/base64.js";

describe("base64Error", () => {
  it("accepts what Go's padded standard encoding decodes, newlines included", () => {
    for (const ok of ["", "YQ==", "YWI=", "YWJj", "YWJj\nZGVm", "aGVsbG8gd29ybGQ=\n"]) expect(base64Error(ok), ok).toBeUndefined();
  });

  it("gives Go's message and offset for what it refuses", () => {
    expect(base64Error("hunter2")).toBe("illegal base64 data at input byte 4");
    expect(base64Error("YWJj!")).toBe("illegal base64 data at input byte 4");
    expect(base64Error("abc")).toBe("illegal base64 data at input byte 0");
    expect(base64Error("YQ")).toBe("illegal base64 data at input byte 0");
    expect(base64Error("Y===")).toBe("illegal base64 data at input byte 1");
    expect(base64Error("YQ==YQ==")).toBe("illegal base64 data at input byte 4");
    expect(base64Error("YWI=x")).toBe("illegal base64 data at input byte 4");
  });

  it("measures decoded bytes", () => {
    expect(base64DecodedLength("aGVsbG8=")).toBe(5);
  });
});
