import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

const CLAIM_AND_POD = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 1Gi } }
---
apiVersion: v1
kind: Pod
metadata: { name: db }
spec:
  containers:
  - name: redis
    image: redis:7
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: data }
`;

function cells(text: string): string[][] {
  return text
    .trimEnd()
    .split("\n")
    .map((l) => l.replace(/pvc-[0-9a-f-]{36}/g, "pvc-<uid>").replace(/kdeck-worker-\d/g, "<node>").split(/\s{2,}/));
}

describe("storage on the command line", () => {
  it("a claim of the default class binds once its pod is scheduled; get and describe show it", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "app.yaml", CLAIM_AND_POD)]);
    expect(cells((await kdeck(db, ["get", "pvc"])).stdout)).toEqual([
      ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"],
      ["data", "Pending", "standard", "<unset>", "0s"],
    ]);
    expect((await kdeck(db, ["get", "pod", "db", "-o", "jsonpath={.spec.nodeName}"])).stdout).toBe("");
    await kdeck(db, ["advance", "5s"]);
    expect(cells((await kdeck(db, ["get", "pvc"])).stdout)[1]).toEqual(["data", "Bound", "pvc-<uid>", "1Gi", "RWO", "standard", "<unset>", "5s"]);
    expect(cells((await kdeck(db, ["get", "pv"])).stdout)).toEqual([
      ["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"],
      ["pvc-<uid>", "1Gi", "RWO", "Delete", "Bound", "default/data", "standard", "<unset>", "3s"],
    ]);
    const describe = (await kdeck(db, ["describe", "pvc", "data"])).stdout;
    expect(describe).toMatch(/^Name:\s+data\nNamespace:\s+default\nStorageClass:\s+standard\nStatus:\s+Bound\nVolume:\s+pvc-[0-9a-f-]{36}\n/);
    expect(describe).toMatch(/\nFinalizers:\s+\[kubernetes\.io\/pvc-protection\]\nCapacity:\s+1Gi\nAccess Modes:\s+RWO\nVolumeMode:\s+Filesystem\nUsed By:\s+db\n/);
    expect(describe).toMatch(/Normal\s+ProvisioningSucceeded\s+3s\s+rancher\.io\/local-path_local-path-provisioner-kdeck\s+Successfully provisioned volume pvc-/);
    const pv = (await kdeck(db, ["describe", "pv"])).stdout;
    expect(pv).toMatch(/\nNode Affinity:\s*\n\s+Required Terms:\s*\n\s+Term 0:\s+kubernetes\.io\/hostname in \[kdeck-worker-\d\]\n/);
    expect(pv).toMatch(/\nSource:\n\s+Type:\s+HostPath \(bare host directory volume\)\n\s+Path:\s+\/var\/local-path-provisioner\/pvc-[0-9a-f-]{36}_default_data\n\s+HostPathType:\s+DirectoryOrCreate\n/);
  });

  it("describes the default StorageClass", async () => {
    expect((await kdeck(db, ["describe", "sc", "standard"])).stdout).toBe(`Name:                  standard
IsDefaultClass:        Yes
Annotations:           storageclass.kubernetes.io/is-default-class=true
Provisioner:           rancher.io/local-path
Parameters:            <none>
AllowVolumeExpansion:  <unset>
MountOptions:          <none>
ReclaimPolicy:         Delete
VolumeBindingMode:     WaitForFirstConsumer
Events:                <none>
`);
  });
});
