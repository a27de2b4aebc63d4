import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, tempDb } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe("kdeck command line", () => {
  it("prints the help with no verb", async () => {
    const r = await kdeck(db, []);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: kdeck");
    expect(r.stdout).toContain("apply");
    expect(r.stdout).toContain("advance");
  });

  it("prints a verb's help with exit code 0", async () => {
    const r = await kdeck(db, ["get", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--all-namespaces");
  });

  it("exits 2 on an unknown verb or flag", async () => {
    const verb = await kdeck(db, ["gett", "pods"]);
    expect(verb.code).toBe(2);
    expect(verb.stderr).toContain("unknown command 'gett'");
    const flag = await kdeck(db, ["get", "pods", "--bogus"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--bogus'");
    expect(flag.stderr).toContain("See 'kdeck get --help' for usage.");
  });

  it("exits 2 when a required argument is missing", async () => {
    const r = await kdeck(db, ["get"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: You must specify the type of resource to get/);
  });

  it("reports unknown resource types with the registry's suggestion and exit 1", async () => {
    const r = await kdeck(db, ["get", "pdo"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: the server doesn\'t have a resource type "pdo"; did you mean "pods"?\n');
  });

  it("accepts -n before or after the verb", async () => {
    const before = await kdeck(db, ["-n", "kube-system", "get", "pods"]);
    const after = await kdeck(db, ["get", "pods", "-n", "kube-system"]);
    expect(before.stderr).toBe("No resources found in kube-system namespace.\n");
    expect(after.stderr).toBe(before.stderr);
  });

  it("prints versions without opening a cluster", async () => {
    const r = await kdeck(db, ["version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Client Version: kdeck v\d+\.\d+\.\d+\nServer Version: v1\.33\.0 \(kdeck embedded engine\)\n$/);
    const json = JSON.parse((await kdeck(db, ["version", "-o", "json"])).stdout) as { serverVersion: { gitVersion: string } };
    expect(json.serverVersion.gitVersion).toBe("v1.33.0");
  });
});
