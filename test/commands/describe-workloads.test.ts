import { afterEach, beforeEach, describe, it } from "vitest";
import { expectGolden } from "../client/output/golden.js";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

const MANIFESTS = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels: { app: guestbook, tier: frontend }
spec:
  replicas: 2
  selector:
    matchExpressions:
    - { key: tier, operator: In, values: [frontend, web] }
  template:
    metadata:
      labels: { tier: frontend }
    spec:
      containers:
      - name: php-redis
        image: nginx:1.27
        env:
        - { name: GET_HOSTS_FROM, value: dns }
        resources:
          requests: { cpu: 100m, memory: 100Mi }
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 1
  template:
    metadata:
      labels: { app: nginx }
    spec:
      containers:
      - name: nginx
        image: nginx
        ports: [{ containerPort: 80 }]
`;

describe("describe of ReplicaSets and ReplicationControllers", () => {
  it("prints kubectl's layout: selector, replicas, pods status, template, events", async () => {
    const file = writeManifest(db, "rs.yaml", MANIFESTS);
    await kdeck(db, ["apply", "-f", file]);
    await kdeck(db, ["advance", "30s"]);
    const rs = await kdeck(db, ["describe", "rs", "frontend"]);
    const rc = await kdeck(db, ["describe", "rc", "nginx"]);
    const wide = await kdeck(db, ["get", "rs,rc", "-o", "wide"]);
    expectGolden(new URL("./testdata/describe-rs-rc.golden", import.meta.url), `${rs.stdout}${rs.stderr}\n---\n${rc.stdout}${rc.stderr}\n---\n${wide.stdout}`);
  });
});
