import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kdeck, tempDb, writeManifest } from "./run.js";
import { WEB_STATEFULSET } from "../helpers/docs-examples.js";

let db: string;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());


describe("describe pod of a StatefulSet", () => {
  it("shows the pod's stable DNS name under its headless Service, after its IPs", async () => {
    await kdeck(db, ["apply", "-f", writeManifest(db, "web.yaml", WEB_STATEFULSET)]);
    await kdeck(db, ["advance", "60s"]);
    const out = (await kdeck(db, ["describe", "pod", "web-0"])).stdout;
    expect(out).toMatch(/\nIPs:\n +IP: +\S+\nDNS Name: +web-0\.nginx\.default\.svc\.cluster\.local\nControlled By: +StatefulSet\/web\n/);

    await kdeck(db, ["delete", "service", "nginx"]);
    expect((await kdeck(db, ["describe", "pod", "web-0"])).stdout).not.toContain("DNS Name:");
  });
});
