import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifests, readManifestSources, type ManifestDocument } from "../../../src/client/manifests/index.js";

const corpus = path.resolve("../shared/corpus/kubernetes-examples");
const guestbook = path.join(corpus, "web/guestbook/all-in-one/guestbook-all-in-one.yaml");
/** The corpus sits beside the repository (../shared); a clone elsewhere skips these. */
const hasCorpus = existsSync(corpus);

function parse(text: string, file = "test.yaml"): ManifestDocument[] {
  return parseManifests({ path: file, text });
}

describe("parseManifests: YAML streams", () => {
  it.skipIf(!hasCorpus)("reads every document of a multi-document file with its start line", () => {
    const docs = parseManifests({ path: guestbook, text: readFileSync(guestbook, "utf8") });
    expect(docs.map((d) => `${d.index}:${d.object?.kind}/${d.object?.metadata.name}@${d.line}`)).toEqual([
      "0:Service/redis-master@1",
      "1:Deployment/redis-master@18",
      "2:Service/redis-replica@46",
      "3:Deployment/redis-replica@62",
      "4:Service/frontend@98",
      "5:Deployment/frontend@117",
    ]);
    expect(docs.every((d) => d.error === undefined && d.file === guestbook)).toBe(true);
  });

  it.skipIf(!hasCorpus)("locates nested fields, list items and map keys with dots", () => {
    const docs = parseManifests({ path: guestbook, text: readFileSync(guestbook, "utf8") });
    const deploy = docs[1]!;
    expect(deploy.locate("spec.template.spec.containers[0].image")).toEqual({ line: 38, column: 9 });
    expect(deploy.locate("spec.template.spec.containers[0]")).toEqual({ line: 37, column: 9 });
    expect(deploy.locate("spec.template.spec.containers[0].resources.requests.cpu")).toEqual({ line: 41, column: 13 });
    expect(deploy.locate("spec.template.metadata.labels[role]")).toEqual({ line: 33, column: 9 });
    // Missing fields fall back to the nearest ancestor that exists.
    expect(deploy.locate("spec.template.spec.containers[0].livenessProbe.httpGet")).toEqual({ line: 37, column: 9 });
    expect(deploy.locate("spec.template.spec.containers[3].image")).toEqual({ line: 36, column: 7 });
    expect(deploy.locate("")).toEqual({ line: 18, column: 1 });

    const labelled = parse("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app.kubernetes.io/name: web\n")[0]!;
    expect(labelled.locate("metadata.labels[app.kubernetes.io/name]")).toEqual({ line: 6, column: 5 });
  });

  it("skips empty and comment-only documents but keeps file positions as indices", () => {
    const text = "# header comment\n---\n---\n# nothing here\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nnull\n---\n\n";
    const docs = parse(text);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ index: 2, line: 6, object: { kind: "ConfigMap", metadata: { name: "a" } } });
  });

  it("expands a List into its items, each with its own position", () => {
    const text = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "- apiVersion: v1",
      "  kind: ConfigMap",
      "  metadata:",
      "    name: one",
      "- apiVersion: v1",
      "  kind: Secret",
      "  metadata:",
      "    name: two",
      "  stringData:",
      "    password: hunter2",
      "",
    ].join("\n");
    const docs = parse(text);
    expect(docs.map((d) => [d.index, d.itemIndex, d.line, d.object?.kind])).toEqual([
      [0, 0, 4, "ConfigMap"],
      [0, 1, 8, "Secret"],
    ]);
    expect(docs[1]!.locate("stringData.password")).toEqual({ line: 13, column: 5 });
  });

  it("fills kind and apiVersion of typed-list items the way the unstructured decoder does", () => {
    const docs = parse("apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a}\n  spec: {containers: [{name: c, image: nginx}]}\n");
    expect(docs[0]!.object).toMatchObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "a" } });
    expect(docs[0]!.locate("spec.containers[0].image")).toEqual({ line: 5, column: 33 });
  });

  it("decodes scalars as Kubernetes' go-yaml v2 does", () => {
    const text = [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata: {name: s}",
      "data:",
      "  a: yes",
      "  b: off",
      "  c: 0644",
      "  d: '0644'",
      "  e: 12:30",
      "  f: 2024-01-01T00:00:00Z",
      "  g: 1_000",
      "  h: 0x1F",
      "  i: !!str 5",
      "  j: 1e3",
      "  k: ~",
      "  l: 08",
      "  m: |",
      "    yes",
      "  on: key-becomes-true",
      "",
    ].join("\n");
    expect(parse(text)[0]!.object!.data).toEqual({
      a: true,
      b: false,
      c: 420,
      d: "0644",
      e: "12:30",
      f: "2024-01-01T00:00:00Z",
      g: 1000,
      h: 31,
      i: "5",
      j: 1000,
      k: null,
      l: 8,
      m: "yes\n",
      true: "key-becomes-true",
    });
  });

  it("resolves anchors, aliases and merge keys, explicit keys winning", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n  labels: &base {app: web, tier: fe}\n  annotations:\n    <<: *base\n    tier: be\n";
    const doc = parse(text)[0]!;
    expect(doc.object!.metadata).toEqual({ name: "m", labels: { app: "web", tier: "fe" }, annotations: { app: "web", tier: "be" } });
    expect(doc.locate("metadata.annotations[tier]")).toEqual({ line: 8, column: 5 });
  });

  it("adds empty metadata to an object that has none, without touching what it has", () => {
    expect(parse("apiVersion: v1\nkind: Namespace\n")[0]!.object).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: {} });
  });
});

describe("parseManifests: errors with file, line and column", () => {
  it("reports a YAML syntax error in go-yaml's words and keeps the other documents", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx: latest\n";
    const docs = parse(text, "broken.yaml");
    expect(docs[0]!.object?.metadata.name).toBe("ok");
    expect(docs[1]!.object).toBeUndefined();
    expect(docs[1]!.error).toEqual({
      message: "error parsing broken.yaml: error converting YAML to JSON: yaml: line 12: mapping values are not allowed in this context",
      line: 12,
      column: 12,
    });
  });

  it("reports bad indentation and tabs", () => {
    expect(parse("a:\n  b: 1\n c: 2\n")[0]!.error).toMatchObject({ line: 3, column: 1, message: expect.stringMatching(/yaml: line 3: did not find expected key$/) });
    expect(parse("a:\n\tb: 1\n")[0]!.error).toMatchObject({ line: 2, message: expect.stringMatching(/found character that cannot start any token$/) });
  });

  it("reports a duplicate key with both lines", () => {
    const [doc] = parse("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n", "dup.yaml");
    expect(doc!.error).toEqual({
      message: 'error parsing dup.yaml: error converting YAML to JSON: yaml: line 5: mapping key "name" already defined at line 4',
      line: 5,
      column: 3,
    });
  });

  it("reports missing apiVersion and kind like kubectl's validation", () => {
    const [both] = parse("metadata:\n  name: x\n", "m.yaml");
    expect(both!.error?.message).toBe(
      'error validating "m.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false',
    );
    const [kindOnly] = parse("# leading comment\napiVersion: v1\nmetadata:\n  name: x\n", "-");
    expect(kindOnly!.error).toMatchObject({ line: 2, column: 1, message: expect.stringMatching(/^error validating "STDIN": error validating data: kind not set;/) });
  });

  it("refuses documents that are not objects and values JSON cannot hold", () => {
    expect(parse("- a\n- b\n")[0]!.error?.message).toBe("error parsing test.yaml: json: cannot unmarshal array into Go value of type map[string]interface {}");
    expect(parse("replicas: .inf\n")[0]!.error?.message).toMatch(/json: unsupported value: \+Inf/);
    expect(parse("a: *nowhere\n")[0]!.error?.message).toMatch(/unknown anchor 'nowhere' referenced/);
    expect(parse("apiVersion: v1\nkind: Pod\nmetadata: oops\n")[0]!.error).toMatchObject({ line: 3, message: expect.stringMatching(/ValidationError\(Pod\.metadata\)/) });
  });
});

describe("parseManifests: JSON", () => {
  const pod = `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "json-pod", "labels": { "app": "web" } },
  "spec": {
    "containers": [
      { "name": "web", "image": "nginx:1.25", "ports": [{ "containerPort": 80 }] }
    ]
  }
}
`;

  it("reads a JSON object and locates its fields", () => {
    const [doc] = parse(pod, "pod.json");
    expect(doc!.object).toMatchObject({ kind: "Pod", metadata: { name: "json-pod" } });
    expect(doc!.locate("spec.containers[0].image")).toEqual({ line: 7, column: 24 });
    expect(doc!.locate("spec.containers[0].ports[0].containerPort")).toEqual({ line: 7, column: 59 });
    expect(doc!.locate("metadata.labels[app]")).toEqual({ line: 4, column: 49 });
  });

  it("reads a JSON List and a stream of JSON objects", () => {
    const list = `{"apiVersion": "v1", "kind": "List", "items": [\n  ${pod.trim()},\n  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}\n]}`;
    const docs = parse(list, "list.json");
    expect(docs.map((d) => [d.itemIndex, d.object?.kind, d.line])).toEqual([
      [0, "Pod", 2],
      [1, "ConfigMap", 12],
    ]);
    expect(parse(`${pod}\n{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"}}`, "s.json").map((d) => d.object?.kind)).toEqual(["Pod", "Namespace"]);
  });

  it("reports JSON syntax errors in encoding/json's words, and duplicate fields", () => {
    expect(parse('{\n  "apiVersion": "v1",\n  "kind": "Pod",\n}\n', "bad.json")[0]!.error).toEqual({
      message: "error parsing bad.json: json: line 4: invalid character '}' looking for beginning of object key string",
      line: 4,
      column: 1,
    });
    expect(parse('{"kind": "Pod",\n "kind": "Pod"}', "d.json")[0]!.error?.message).toBe('error parsing d.json: json: line 2: duplicate field "kind" (first set at line 1)');
    expect(parse('{"a": tru}', "t.json")[0]!.error?.message).toMatch(/invalid character '}' in literal true \(expecting 'e'\)/);
  });

  it("ignores a byte-order mark", () => {
    expect(parse(`\uFEFF${pod}`, "bom.json")[0]!.object?.kind).toBe("Pod");
  });
});

describe.skipIf(!hasCorpus)("parseManifests: the kubernetes/examples corpus", () => {
  it("parses every file without throwing, each document to an object or a clear error", () => {
    const sources = readManifestSources([corpus], { recursive: true });
    let documents = 0;
    const errors: string[] = [];
    for (const source of sources) {
      for (const doc of parseManifests(source)) {
        documents++;
        expect(doc.object !== undefined || doc.error !== undefined).toBe(true);
        if (doc.error) {
          expect(doc.error.message).toMatch(/^error (parsing|validating)/);
          expect(doc.error.line).toBeGreaterThan(0);
          errors.push(`${path.relative(corpus, doc.file)}:${doc.error.line}:${doc.error.column}: ${doc.error.message.replace(/^error parsing [^:]+: /, "")}`);
        } else {
          expect(typeof doc.object!.apiVersion).toBe("string");
          expect(typeof doc.object!.kind).toBe("string");
        }
      }
    }
    console.log(`kubernetes-examples: ${sources.length} files, ${documents} documents, ${errors.length} refused\n  ${errors.join("\n  ")}`);
    expect(sources.length).toBeGreaterThan(200);
    expect(documents).toBeGreaterThan(sources.length);
  });
});
