import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

/** The Kubernetes docs' StatefulSet example: the headless `nginx` Service and the `web` StatefulSet. */
const WEB = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels: { app: nginx }
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

describe("describe pod of a StatefulSet", () => {
  it("shows the pod's stable DNS name under its headless Service, after its IPs", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", WEB)]);
    await kdeck(db, ["advance", "60s"]);
    const out = (await kdeck(db, ["describe", "pod", "web-0"])).stdout;
    expect(out).toMatch(/\nIPs:\n +IP: +\S+\nDNS Name: +web-0\.nginx\.default\.svc\.cluster\.local\nControlled By: +StatefulSet\/web\n/);

    await kdeck(db, ["delete", "service", "nginx"]);
    expect((await kdeck(db, ["describe", "pod", "web-0"])).stdout).not.toContain("DNS Name:");
  });
});
