import { describe, expect, it } from "vitest";
import { admit } from "../helpers.js";

const event = (fields: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: "web.17a3c2", namespace: "default", ...metadata },
  involvedObject: { kind: "Pod", name: "web", namespace: "default" },
  reason: "Scheduled",
  message: "Successfully assigned default/web to worker-1",
  type: "Normal",
  ...fields,
});

describe("Event validation", () => {
  it("accepts an event about an object in its namespace", () => {
    expect(admit(event({}))).toEqual([]);
    expect(admit(event({ involvedObject: { kind: "Node", name: "worker-1" } }))).toEqual([]);
  });

  it("requires the involved object's kind and name", () => {
    expect(admit(event({ involvedObject: undefined }))).toEqual(["involvedObject: Required value"]);
    expect(admit(event({ involvedObject: { namespace: "default" } }))).toEqual(["involvedObject.kind: Required value", "involvedObject.name: Required value"]);
  });

  it("requires the event to live in its object's namespace", () => {
    expect(admit(event({ involvedObject: { kind: "Pod", name: "web", namespace: "prod" } }))).toEqual(['involvedObject.namespace: Invalid value: "prod": does not match event.namespace']);
  });

  it("requires reporting fields on events with an eventTime", () => {
    expect(admit(event({ eventTime: "2024-01-01T00:00:00.000000Z", reason: "" }))).toEqual([
      "reportingController: Required value",
      "reportingController: Invalid value: \"\": name part must be non-empty",
      "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "reportingInstance: Required value",
      "action: Required value",
      "reason: Required value",
    ]);
  });

  it("only needs a name usable in a URL", () => {
    expect(admit(event({}, { name: "Web.Pod_1" }))).toEqual([]);
    expect(admit(event({}, { name: "a/b" }))).toEqual(["metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
  });
});
