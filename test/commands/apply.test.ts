import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, NGINX_POD, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

const BROKEN = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
---
apiVersion: v1
kind: Pod
metadata:
  name: no-image
spec:
  containers:
  - name: app
    ports:
    - containerPort: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  contianers:
  - name: app
    image: nginx
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: v1
kind: Pod
metadata:
  name: x
  labels: [a
`;

describe("kdeck apply", () => {
  it("creates, leaves unchanged and configures", async () => {
    const file = writeManifest(db, "pod.yaml", NGINX_POD);
    expect(await kdeck(db, ["apply", "-f", file])).toEqual({ code: 0, stdout: "pod/nginx created\n", stderr: "" });
    expect((await kdeck(db, ["apply", "-f", file])).stdout).toBe("pod/nginx unchanged\n");
    writeManifest(db, "pod.yaml", NGINX_POD.replace("app: web", "app: web\n    tier: front"));
    expect((await kdeck(db, ["apply", "-f", file])).stdout).toBe("pod/nginx configured\n");
    expect((await kdeck(db, ["get", "pods", "-l", "tier=front", "-o", "name"])).stdout).toBe("pod/nginx\n");
  });

  it("applies the good documents and reports each bad one with its file, document and line", async () => {
    const file = writeManifest(db, "bad.yaml", BROKEN);
    const r = await kdeck(db, ["apply", "-f", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("configmap/settings created\n");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toEqual([
      `error: error validating "${file}" (document 2, line 14): spec.containers[0].image: Required value`,
      expect.stringMatching(
        new RegExp(`^Error from server \\(BadRequest\\): error when creating "${file}" \\(document 3, line 23\\): .*unknown field "spec.contianers"`),
      ),
      `error: resource mapping not found for "${file}" (document 4, line 28): no matches for kind "Widget" in version "example.com/v1"`,
      expect.stringMatching(new RegExp(`^error: error parsing ${file} \\(document 5, line 3\\d\\): error converting YAML to JSON: yaml: line 3\\d: `)),
    ]);
    expect((await kdeck(db, ["get", "cm", "settings", "-o", "name"])).stdout).toBe("configmap/settings\n");
  });

  it("reads stdin and directories, and puts objects in -n's namespace", async () => {
    const r = await kdeck(db, ["apply", "-n", "kube-public", "-f", "-"], { stdin: NGINX_POD });
    expect(r).toEqual({ code: 0, stdout: "pod/nginx created\n", stderr: "" });
    expect((await kdeck(db, ["get", "pods", "-n", "kube-public", "-o", "name"])).stdout).toBe("pod/nginx\n");
    writeManifest(db, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    const dir = await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD).replace(/pod\.yaml$/, "")]);
    expect(dir.stdout).toBe("configmap/a created\npod/nginx created\n");
  });

  it("refuses a namespace that contradicts -n", async () => {
    const file = writeManifest(db, "pod.yaml", NGINX_POD.replace("  name: nginx", "  name: nginx\n  namespace: kube-system"));
    const r = await kdeck(db, ["apply", "-f", file, "-n", "default"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: the namespace from the provided object "kube-system" does not match the namespace "default". You must pass '--namespace=kube-system' to perform this operation.\n`,
    );
  });

  it("dry runs without storing anything", async () => {
    const file = writeManifest(db, "pod.yaml", NGINX_POD);
    expect((await kdeck(db, ["apply", "-f", file, "--dry-run=server"])).stdout).toBe("pod/nginx created (server dry run)\n");
    expect((await kdeck(db, ["apply", "-f", file, "--dry-run=client"])).stdout).toBe("pod/nginx created (dry run)\n");
    expect((await kdeck(db, ["get", "pods"])).stderr).toBe("No resources found in default namespace.\n");
    expect((await kdeck(db, ["apply", "-f", file, "--dry-run=maybe"])).code).toBe(2);
  });

  it("needs -f, and a path that exists", async () => {
    expect((await kdeck(db, ["apply"])).code).toBe(2);
    const r = await kdeck(db, ["apply", "-f", "/nonexistent/x.yaml"]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: 'error: the path "/nonexistent/x.yaml" does not exist\n' });
  });
});
