import { afterEach, describe, expect, it } from "vitest";
import { Command } from "../../src/tui/keys/commands.js";
import { deployment } from "../helpers/fixtures.js";
import { renderConsole, selectWorkload, testCluster, type Harness } from "./render.js";

const APPS = `${deployment("web", { namespace: "shop", replicas: 2, container: "nginx" })}---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: report, image: "busybox:1.36", command: ["sh", "-c", "echo done"] }]
`;

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

async function onWorkload(name: string): Promise<Harness> {
  const cluster = testCluster({ yaml: `apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\n${APPS}` });
  const harness = await renderConsole({ cluster, namespace: "shop" });
  await selectWorkload(harness, `shop/${name}`);
  return harness;
}

describe("workload actions", () => {
  it("lists workload kinds with ready/desired, and drills into a Deployment's pods", async () => {
    h = await onWorkload("web");
    expect(h.frame()).toMatch(/deploy\/web\s+\d\/2/);
    expect(h.frame()).toContain("cj/report");
    await h.press(Command.Enter);
    expect(h.frame()).toContain("deployment/web");
    expect(h.console.list("workloads").keys.every((k) => k.startsWith("shop/web-"))).toBe(true);
    expect(h.console.list("workloads").keys).toHaveLength(2);
  });

  it("scales a Deployment from a number prompt", async () => {
    h = await onWorkload("web");
    await h.press(Command.Scale);
    expect(h.frame()).toContain("scale deployment/web to replicas: 2");
    await h.key("backspace");
    await h.type("5");
    await h.press(Command.Submit);
    expect(h.frame()).toContain("deployments.apps/web scaled to 5");
    expect((h.cluster.get("deployments.apps", "shop", "web").spec as { replicas: number }).replicas).toBe(5);
    await h.press(Command.Scale);
    await h.type("x");
    await h.press(Command.Submit);
    expect(h.frame()).toContain('"5x" is not a number of replicas');
  });

  it("restarts after a confirmation, sets the image, and rolls back to a picked revision", async () => {
    h = await onWorkload("web");
    await h.press(Command.RolloutRestart);
    expect(h.frame()).toContain("Restart deployment/web in namespace shop?");
    await h.press(Command.Yes);
    expect(h.frame()).toContain("deployments.apps/web restarted");
    const annotations = (h.cluster.get("deployments.apps", "shop", "web").spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations;
    expect(annotations["kubectl.kubernetes.io/restartedAt"]).toMatch(/^2024-01-01T/);
    h.cluster.settle();
    await h.press(Command.SetImage);
    expect(h.frame()).toContain("nginx=nginx:1.27");
    for (let i = 0; i < "1.27".length; i++) await h.key("backspace");
    await h.type("1.28");
    await h.press(Command.Submit);
    expect(h.frame()).toContain("deployments.apps/web image updated");
    h.cluster.settle();
    await h.press(Command.RolloutUndo);
    expect(h.frame()).toContain("Roll deployment/web back to a revision");
    expect(h.frame()).toMatch(/3\s+nginx=nginx:1\.28\s+← current/);
    await h.press(Command.Yes);
    expect(h.frame()).toContain("rolled back to revision 2");
    const image = (h.cluster.get("deployments.apps", "shop", "web").spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image;
    expect(image).toBe("nginx:1.27");
  });

  it("pauses and resumes a Deployment, and triggers and suspends a CronJob", async () => {
    h = await onWorkload("web");
    await h.press(Command.PauseResume);
    expect(h.frame()).toContain("deployments.apps/web paused");
    expect((h.cluster.get("deployments.apps", "shop", "web").spec as { paused: boolean }).paused).toBe(true);
    await h.press(Command.PauseResume);
    expect(h.frame()).toContain("deployments.apps/web resumed");
    const keys = h.console.list("workloads").keys;
    await h.press(Command.Top);
    await h.press(Command.Down, keys.indexOf("shop/report"));
    await h.press(Command.TriggerCronJob);
    expect(h.frame()).toMatch(/job\.batch\/report-manual-\d+ created/);
    const jobs = h.cluster.list("jobs.batch", { namespace: "shop" });
    expect(jobs.some((j) => j.metadata.ownerReferences?.[0]?.name === "report")).toBe(true);
    await h.press(Command.PauseResume);
    expect(h.frame()).toContain("cronjobs.batch/report suspended");
  });

  it("offers workload keys only on the kinds they act on", async () => {
    h = await onWorkload("report");
    expect(h.console.bindingContext().rowKind).toBe("CronJob");
    await expect(h.press(Command.Scale)).rejects.toThrow(/no key runs workload.scale/);
  });
});
