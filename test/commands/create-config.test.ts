import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe("kdeck create configmap", () => {
  it("takes keys from literals, files, directories and env files", async () => {
    const dir = path.dirname(db);
    fs.mkdirSync(path.join(dir, "conf"));
    fs.writeFileSync(path.join(dir, "conf", "game.properties"), "enemies=aliens\nlives=3\n");
    fs.writeFileSync(path.join(dir, "conf", "ui.properties"), "color.good=purple\n");
    const one = writeManifest(db, "special.txt", "very\n");
    const env = writeManifest(db, "app.env", "# settings\nMODE=fast\n\nLEVEL=3\n");
    expect((await kdeck(db, ["create", "configmap", "game-config", `--from-file=${path.join(dir, "conf")}`])).stdout).toBe("configmap/game-config created\n");
    expect((await kdeck(db, ["create", "cm", "mixed", "--from-literal=special.how=very,much", `--from-file=renamed=${one}`])).code).toBe(0);
    expect((await kdeck(db, ["create", "configmap", "from-env", `--from-env-file=${env}`])).code).toBe(0);
    const get = await kdeck(db, ["get", "configmaps"]);
    expect(get.stdout).toMatch(/from-env\s+2\s+\d+s\ngame-config\s+2\s+\d+s\nkube-root-ca.crt\s+1\s+\d+s\nmixed\s+2\s+\d+s\n$|from-env\s+2\s+\d+s\ngame-config\s+2\s+\d+s\nmixed\s+2\s+\d+s\n$/);
    const d = await kdeck(db, ["describe", "configmap", "mixed"]);
    expect(d.stdout).toBe(
      "Name:         mixed\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nrenamed:\n----\nvery\n\n\nspecial.how:\n----\nvery,much\n\n\nBinaryData\n====\n\nEvents:  <none>\n",
    );
    const yaml = await kdeck(db, ["get", "cm", "from-env", "-o", "jsonpath={.data}"]);
    expect(yaml.stdout).toBe('{"LEVEL":"3","MODE":"fast"}');
  });

  it("prints what it would create with --dry-run=client -o yaml", async () => {
    const r = await kdeck(db, ["create", "configmap", "my-config", "--from-literal=key1=config1", "--from-literal=key2=config2", "--dry-run=client", "-o", "yaml"]);
    expect(r.stdout).toBe("apiVersion: v1\ndata:\n  key1: config1\n  key2: config2\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: my-config\n");
  });

  it("refuses bad sources with kubectl's messages", async () => {
    expect((await kdeck(db, ["create", "configmap", "x", "--from-literal=novalue"])).stderr).toBe("error: invalid literal source novalue, expected key=value\n");
    expect((await kdeck(db, ["create", "configmap", "x", "--from-literal=a=1", "--from-literal=a=2"])).stderr).toBe(
      'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "x"\n',
    );
    expect((await kdeck(db, ["create", "configmap", "x", "--from-file=/nope/missing"])).stderr).toBe("error: error reading /nope/missing: no such file or directory\n");
    expect((await kdeck(db, ["create", "configmap", "x", "--from-env-file=a.env", "--from-literal=a=1"])).stderr).toContain("error: from-env-file cannot be combined with from-file or from-literal\n");
  });
});

describe("kdeck create secret", () => {
  it("stores generic secrets base64-encoded and describes them masked", async () => {
    const r = await kdeck(db, ["create", "secret", "generic", "db-user-pass", "--from-literal=username=admin", "--from-literal=password=S!B\\*d$zDsb="]);
    expect(r).toEqual({ code: 0, stdout: "secret/db-user-pass created\n", stderr: "" });
    const data = await kdeck(db, ["get", "secret", "db-user-pass", "-o", "jsonpath={.data.username} {.type}"]);
    expect(data.stdout).toBe(`${Buffer.from("admin").toString("base64")} Opaque`);
    const d = await kdeck(db, ["describe", "secret", "db-user-pass"]);
    expect(d.stdout).toBe(
      "Name:         db-user-pass\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  12 bytes\nusername:  5 bytes\n",
    );
    expect((await kdeck(db, ["get", "secrets"])).stdout).toMatch(/db-user-pass\s+Opaque\s+2\s+\d+s/);
  });

  it("takes a type, and builds docker-registry and tls secrets", async () => {
    const typed = await kdeck(db, ["create", "secret", "generic", "t", "--type=example.com/thing", "--from-literal=a=b", "--dry-run=client", "-o", "yaml"]);
    expect(typed.stdout).toBe("apiVersion: v1\ndata:\n  a: Yg==\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: t\ntype: example.com/thing\n");
    const docker = await kdeck(db, ["create", "secret", "docker-registry", "regcred", "--docker-username=u", "--docker-password=p", "--docker-email=e@x.io", "-o", "jsonpath={.type} {.data.\\.dockerconfigjson}"]);
    const [type, payload] = docker.stdout.split(" ");
    expect(type).toBe("kubernetes.io/dockerconfigjson");
    expect(JSON.parse(Buffer.from(payload!, "base64").toString())).toEqual({ auths: { "https://index.docker.io/v1/": { username: "u", password: "p", email: "e@x.io", auth: "dTpw" } } });
    expect((await kdeck(db, ["create", "secret", "docker-registry", "nope"])).stderr).toContain(
      "error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required\n",
    );
    expect((await kdeck(db, ["create", "secret", "tls", "nope", "--cert=a"])).stderr).toContain("error: key and cert must be specified\n");
    const notPem = writeManifest(db, "bad.crt", "hello");
    expect((await kdeck(db, ["create", "secret", "tls", "bad", `--cert=${notPem}`, `--key=${notPem}`])).stderr).toBe("error: tls: failed to find any PEM data in certificate input\n");
  });
});

describe("kdeck create namespace and serviceaccount", () => {
  it("creates them, and refuses duplicates", async () => {
    expect((await kdeck(db, ["create", "namespace", "team-a"])).stdout).toBe("namespace/team-a created\n");
    expect((await kdeck(db, ["create", "serviceaccount", "robot", "-n", "team-a"])).stdout).toBe("serviceaccount/robot created\n");
    expect((await kdeck(db, ["get", "sa", "-n", "team-a", "-o", "name"])).stdout).toBe("serviceaccount/default\nserviceaccount/robot\n");
    expect((await kdeck(db, ["create", "ns", "team-a"])).stderr).toBe('Error from server (AlreadyExists): namespaces "team-a" already exists\n');
    const dry = await kdeck(db, ["create", "namespace", "x", "--dry-run=client", "-o", "yaml"]);
    expect(dry.stdout).toBe("apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: x\nspec: {}\nstatus: {}\n");
  });
});
