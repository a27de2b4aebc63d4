import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, NGINX_POD, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

/** Addresses and ports the cluster picks at random, masked for comparison. */
function mask(text: string): string {
  return text
    .replace(/10\.(9[6-9]|10\d|11[01])\.\d+\.\d+/g, "<cluster-ip>")
    .replace(/10\.244\.\d+\.\d+/g, "<pod-ip>")
    .replace(/\b3\d{4}\b/g, "<node-port>");
}

/** A table's cells, masked. */
function cells(text: string): string[][] {
  return mask(text)
    .trimEnd()
    .split("\n")
    .map((l) => l.split(/\s+/));
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{ name: http, containerPort: 80 }]
`;

describe("kdeck expose", () => {
  it("exposes a pod on a port, selecting by its labels; describe svc shows the endpoints and the DNS name", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)]);
    await kdeck(db, ["advance", "20s"]);
    expect(await kdeck(db, ["expose", "pod/nginx", "--port", "8080", "--target-port", "80", "--type", "NodePort"])).toEqual({
      code: 0,
      stdout: "service/nginx exposed\n",
      stderr: "",
    });
    const get = await kdeck(db, ["get", "svc", "nginx", "-o", "wide"]);
    expect(cells(get.stdout)).toEqual([
      ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"],
      ["nginx", "NodePort", "<cluster-ip>", "<none>", "8080:<node-port>/TCP", "0s", "app=web"],
    ]);
    const describe = await kdeck(db, ["describe", "svc", "nginx"]);
    expect(mask(describe.stdout).replace(/ {2,}/g, "  ")).toBe(`Name:  nginx
Namespace:  default
Labels:  app=web
Annotations:  <none>
Selector:  app=web
Type:  NodePort
IP Family Policy:  SingleStack
IP Families:  IPv4
IP:  <cluster-ip>
IPs:  <cluster-ip>
DNS Name:  nginx.default.svc.cluster.local
Port:  <unset>  8080/TCP
TargetPort:  80/TCP
NodePort:  <unset>  <node-port>/TCP
Endpoints:  <pod-ip>:80
Session Affinity:  None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:  <none>
`);
    const ep = await kdeck(db, ["get", "endpoints", "nginx"]);
    expect(cells(ep.stdout)).toEqual([
      ["NAME", "ENDPOINTS", "AGE"],
      ["nginx", "<pod-ip>:80", "0s"],
    ]);
  });

  it("exposes a Deployment by its selector and container ports, and refuses what it cannot expose", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "deploy.yaml", DEPLOYMENT)]);
    expect((await kdeck(db, ["expose", "deploy/web"])).stdout).toBe("service/web exposed\n");
    const yaml = await kdeck(db, ["get", "svc", "web", "-o", "jsonpath={.spec.selector.app} {.spec.ports[0].port} {.spec.ports[0].targetPort}"]);
    expect(yaml.stdout).toBe("web 80 80");
    expect((await kdeck(db, ["expose", "deployment", "web", "--name", "web-lb", "--port", "80", "--type", "LoadBalancer"])).stdout).toBe("service/web-lb exposed\n");
    await kdeck(db, ["advance", "30s"]);
    const lb = await kdeck(db, ["get", "svc", "web-lb"]);
    expect(mask(lb.stdout)).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nweb-lb\s+LoadBalancer\s+<cluster-ip>\s+172\.18\.255\.200\s+80:<node-port>\/TCP\s+30s\n$/);

    await kdeck(db, ["apply", "-f", writeManifest(db, "bare.yaml", "apiVersion: v1\nkind: Pod\nmetadata: { name: bare }\nspec:\n  containers: [{ name: c, image: nginx:1.27 }]\n")]);
    expect(await kdeck(db, ["expose", "pod", "bare", "--port", "80"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\n",
    });
    expect((await kdeck(db, ["expose", "pod", "bare", "--selector", "app=x"])).stderr).toBe("error: couldn't find port via --port flag or introspection\n");
    expect((await kdeck(db, ["expose", "svc", "web", "--port", "80"])).stderr).toBe('Error from server (AlreadyExists): services "web" already exists\n');
    expect((await kdeck(db, ["expose", "node", "kdeck-worker-1", "--port", "80"])).stderr).toBe("error: cannot expose a Node\n");
  });

  it("prints the Service it would create with --dry-run=client -o yaml", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "pod.yaml", NGINX_POD)]);
    const r = await kdeck(db, ["expose", "pod", "nginx", "--port", "80", "--name", "preview", "--dry-run=client", "-o", "yaml"]);
    expect(r.stdout).toBe(`apiVersion: v1
kind: Service
metadata:
  labels:
    app: web
  name: preview
  namespace: default
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: web
`);
    expect((await kdeck(db, ["get", "svc", "preview"])).code).toBe(1);
  });
});
