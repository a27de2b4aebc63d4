import { describe, expect, it } from "vitest";
import { fromLabelSelector, matches, parseSelector, selectorString } from "../../../src/core/labels/selector.js";
import { checkFieldSelector, matchesFields, parseFieldSelector } from "../../../src/core/labels/field-selector.js";

const web = { app: "web", tier: "frontend", env: "prod" };
const db = { app: "db", tier: "backend" };

describe("label selectors", () => {
  it.each([
    ["", true, true],
    ["app=web", true, false],
    ["app==web", true, false],
    ["app!=web", false, true],
    ["tier in (frontend, backend)", true, true],
    ["tier notin (backend)", true, false],
    ["env", true, false],
    ["!env", false, true],
    ["app=web,tier=frontend", true, false],
    ["app in (web,db),!env", false, true],
  ])("%j selects web=%s db=%s", (text, selectsWeb, selectsDb) => {
    const sel = parseSelector(text);
    expect(matches(sel, web)).toBe(selectsWeb);
    expect(matches(sel, db)).toBe(selectsDb);
  });

  it("round-trips to kubectl's string form", () => {
    expect(selectorString(parseSelector("app=web, tier in (a,b),!canary,track"))).toBe("app=web,tier in (a,b),!canary,track");
  });

  it("refuses malformed selectors with a reason", () => {
    expect(() => parseSelector("app=")).not.toThrow();
    expect(() => parseSelector("app in web")).toThrow(/expected: '\('/);
    expect(() => parseSelector("-bad=1")).toThrow(/invalid label key/);
    expect(() => parseSelector("app=we b")).toThrow();
  });

  it("compiles matchLabels and matchExpressions to the same requirements", () => {
    const sel = fromLabelSelector({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["frontend"] },
        { key: "canary", operator: "DoesNotExist" },
      ],
    });
    expect(matches(sel, web)).toBe(true);
    expect(matches(sel, { ...web, canary: "yes" })).toBe(false);
    expect(() => fromLabelSelector({ matchExpressions: [{ key: "a", operator: "Like" }] })).toThrow(/not a valid label selector operator/);
  });
});

describe("field selectors", () => {
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default" }, spec: { nodeName: "n1" }, status: { phase: "Running" } };

  it("match the fields Kubernetes supports", () => {
    expect(matchesFields(parseFieldSelector("spec.nodeName=n1,status.phase!=Pending"), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector("metadata.name==other"), pod)).toBe(false);
    expect(matchesFields(parseFieldSelector("spec.nodeName="), { ...pod, spec: {} })).toBe(true);
  });

  it("refuse other fields with Kubernetes' message", () => {
    expect(() => checkFieldSelector("Pod", parseFieldSelector("spec.containers=x"))).toThrow("field label not supported: spec.containers");
    expect(() => checkFieldSelector("ConfigMap", parseFieldSelector("status.phase=Running"))).toThrow(/not supported/);
  });
});
