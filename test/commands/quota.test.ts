import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deployment } from "../helpers/fixtures.js";
import { kdeck, tempDb, writeManifest } from "./run.js";

/** LimitRanges and ResourceQuotas from the command line, as a new user meets them. */
let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

const LIMITS = `apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-mem
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
    defaultRequest: {cpu: 250m, memory: 128Mi}
    min: {cpu: 100m}
    max: {cpu: "1", memory: 1Gi}
`;

const WEB = deployment("web", { replicas: 4, container: "nginx" });

describe("kdeck create quota", () => {
  it("creates a quota from --hard and --scopes, printing it as kubectl does with --dry-run=client", async () => {
    const r = await kdeck(db, ["create", "quota", "best-effort", "--hard=pods=100,requests.cpu=0.5", "--scopes=BestEffort", "--dry-run=client", "-o", "yaml"]);
    expect(r.stdout).toBe(
      'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  creationTimestamp: null\n  name: best-effort\nspec:\n  hard:\n    pods: "100"\n    requests.cpu: 500m\n  scopes:\n  - BestEffort\nstatus: {}\n',
    );
    expect(await kdeck(db, ["create", "quota", "compute", "--hard=cpu=1,memory=1G,pods=2"])).toMatchObject({ code: 0, stdout: "resourcequota/compute created\n" });
    expect(await kdeck(db, ["create", "resourcequota", "objects", "--hard=count/deployments.apps=1"])).toMatchObject({ code: 0, stdout: "resourcequota/objects created\n" });
  });

  it("refuses malformed lists with kubectl's messages", async () => {
    expect(await kdeck(db, ["create", "quota", "q", "--hard=cpu"])).toMatchObject({ code: 1, stderr: "error: Invalid argument syntax cpu, expected <resource>=<value>\n" });
    expect((await kdeck(db, ["create", "quota", "q", "--hard=cpu=lots"])).stderr).toBe(
      "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n",
    );
    expect((await kdeck(db, ["create", "quota", "q", "--scopes=BestEffort,"])).stderr).toBe('error: invalid resource quota scope ""\n');
    expect((await kdeck(db, ["create", "quota", "q", "--hard=pods=1", "--scopes=Sometimes"])).stderr).toBe(
      'Error from server (Invalid): ResourceQuota "q" is invalid: spec.scopes: Invalid value: ["Sometimes"]: unsupported scope\n',
    );
  });
});

describe("quotas and limit ranges on a namespace", () => {
  it("get and describe show used against hard; a Deployment past the quota gets FailedCreate", async () => {
    await kdeck(db, ["create", "quota", "compute", "--hard=requests.cpu=1,requests.memory=1Gi,limits.cpu=2,pods=3"]);
    expect((await kdeck(db, ["apply", "-f", writeManifest(db, "limits.yaml", LIMITS)])).stdout).toBe("limitrange/cpu-mem created\n");
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", WEB)]);

    expect((await kdeck(db, ["get", "quota"])).stdout).toBe(
      "NAME      AGE   REQUEST                                                       LIMIT\ncompute   0s    pods: 3/3, requests.cpu: 750m/1, requests.memory: 384Mi/1Gi   limits.cpu: 1500m/2\n",
    );
    expect((await kdeck(db, ["describe", "quota", "compute"])).stdout).toBe(
      "Name:            compute\nNamespace:       default\nResource         Used   Hard\n--------         ----   ----\nlimits.cpu       1500m  2\npods             3      3\nrequests.cpu     750m   1\nrequests.memory  384Mi  1Gi\n",
    );
    expect((await kdeck(db, ["get", "limits"])).stdout).toMatch(/^NAME {6}CREATED AT\ncpu-mem {3}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    expect((await kdeck(db, ["describe", "limits", "cpu-mem"])).stdout).toBe(
      [
        "Name:       cpu-mem",
        "Namespace:  default",
        "Type        Resource  Min   Max  Default Request  Default Limit  Max Limit/Request Ratio",
        "----        --------  ---   ---  ---------------  -------------  -----------------------",
        "Container   cpu       100m  1    250m             500m           -",
        "Container   memory    -     1Gi  128Mi            256Mi          -",
        "",
      ].join("\n"),
    );
    const pods = await kdeck(db, ["get", "pods", "-o", "jsonpath={.items[0].metadata.annotations.kubernetes\\.io/limit-ranger}"]);
    expect(pods.stdout).toBe("LimitRanger plugin set: cpu, memory request for container nginx; cpu, memory limit for container nginx");
    const rs = await kdeck(db, ["describe", "rs"]);
    expect(rs.stdout).toMatch(/Warning {2}FailedCreate {6}\S+ +replicaset-controller {2}Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=3, limited: pods=3\n/);
    const ns = await kdeck(db, ["describe", "ns", "default"]);
    expect(ns.stdout).toContain("Resource Quotas\n  Name:            compute\n  Resource         Used   Hard\n  --------         ---    ---\n  limits.cpu       1500m  2\n");
    expect(ns.stdout).toContain("Resource Limits\n Type       Resource  Min   Max  Default Request  Default Limit  Max Limit/Request Ratio\n");
  });

  it("refuses a pod outside the limit range or over the quota, naming the file", async () => {
    await kdeck(db, ["create", "quota", "pods", "--hard=pods=1"]);
    await kdeck(db, ["apply", "-f", writeManifest(db, "limits.yaml", LIMITS)]);
    const big = writeManifest(db, "big.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests: {cpu: 50m}\n      limits: {cpu: \"2\"}\n");
    const r = await kdeck(db, ["apply", "-f", big]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error from server (Forbidden): error when creating "${big}" (document 1, line 1): pods "big" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, maximum cpu usage per Container is 1, but limit is 2]\n`,
    );
    const one = writeManifest(db, "one.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: one}\nspec:\n  containers:\n  - {name: app, image: nginx:1.27}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: two}\nspec:\n  containers:\n  - {name: app, image: nginx:1.27}\n");
    const two = await kdeck(db, ["apply", "-f", one]);
    expect(two.stdout).toBe("pod/one created\n");
    expect(two.stderr).toBe(`Error from server (Forbidden): error when creating "${one}" (document 2, line 8): pods "two" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1\n`);
  });
});
