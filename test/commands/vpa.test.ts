import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectGolden } from "../client/output/golden.js";
import { hamster } from "../helpers/fixtures.js";
import { kdeck, tempDb, writeManifest } from "./run.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

/** The add-on's hamster example: it asks for 100m and 50Mi, and uses 300m and 200Mi. */
const HAMSTER = `${hamster(2, { cpu: "100m" })}---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: hamster-vpa}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: hamster}
  updatePolicy: {updateMode: Recreate}
  resourcePolicy:
    containerPolicies:
    - {containerName: "*", maxAllowed: {cpu: "1", memory: 500Mi}, controlledResources: [cpu, memory]}
`;

describe("VerticalPodAutoscaler on the command line", () => {
  it("gets, describes and explains it; Recreate replaces the pods with the recommended requests", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "hamster.yaml", HAMSTER)]);
    const before = await kdeck(db, ["get", "vpa"]);
    await kdeck(db, ["advance", "5m"]);
    const after = await kdeck(db, ["get", "vpa"]);
    const described = await kdeck(db, ["describe", "vpa", "hamster-vpa"]);
    const pods = await kdeck(db, ["get", "pods", "-o", "jsonpath={range .items[*]}{.spec.containers[0].resources.requests.cpu} {.metadata.annotations.vpaUpdates}{\"\\n\"}{end}"]);
    const events = await kdeck(db, ["events", "--for", "vpa/hamster-vpa"]);
    // Versions, uids and pod names depend on everything else the cluster did: masked.
    const text = [before.stdout, after.stdout, described.stdout, pods.stdout, events.stdout]
      .join("\n---\n")
      .replace(/(Resource Version:\s+)\d+/, "$1<rv>")
      .replace(/(UID:\s+)[0-9a-f-]{36}/, "$1<uid>")
      .replace(/hamster-[a-z0-9]+-[a-z0-9]{5}/g, "hamster-<pod>");
    expectGolden(new URL("./testdata/vpa.golden", import.meta.url), text);
    const explained = await kdeck(db, ["explain", "vpa.spec.updatePolicy.updateMode"]);
    expect(explained.stdout).toMatch(/^GROUP:\s+autoscaling\.k8s\.io\nKIND:\s+VerticalPodAutoscaler\nVERSION:\s+v1\n\nFIELD: updateMode <string>\n/);
    expect(explained.stdout).toContain("Controls when autoscaler applies changes to the pod resources. The default");
  });
});
