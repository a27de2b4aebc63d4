import { describe, expect, it } from "vitest";
import { imageID, imageName, parseImage, pullPolicyOf } from "../../../src/core/kubelet/images.js";
import { formatGoDuration } from "../../../src/core/kubelet/pod-worker-effects.js";

describe("image references", () => {
  it.each([
    ["nginx", "docker.io/library/nginx:latest"],
    ["nginx:1.25", "docker.io/library/nginx:1.25"],
    ["bitnami/redis:7.2", "docker.io/bitnami/redis:7.2"],
    ["registry.k8s.io/pause:3.9", "registry.k8s.io/pause:3.9"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
  ])("names %s as containerd does: %s", (image, name) => {
    expect(imageName(parseImage(image))).toBe(name);
  });

  it("keeps a pinned digest, and derives a stable one otherwise", () => {
    const pinned = `sha256:${"a".repeat(64)}`;
    expect(imageID(parseImage(`nginx@${pinned}`))).toBe(`docker.io/library/nginx@${pinned}`);
    expect(imageID(parseImage("nginx:1.25"))).toBe(imageID(parseImage("docker.io/library/nginx:1.25")));
    expect(imageID(parseImage("nginx:1.25"))).not.toBe(imageID(parseImage("nginx:1.26")));
  });

  it("defaults the pull policy as Kubernetes does", () => {
    expect(pullPolicyOf({ name: "c", image: "nginx" })).toBe("Always");
    expect(pullPolicyOf({ name: "c", image: "nginx:latest" })).toBe("Always");
    expect(pullPolicyOf({ name: "c", image: "nginx:1.25" })).toBe("IfNotPresent");
    expect(pullPolicyOf({ name: "c", image: "nginx:1.25", imagePullPolicy: "Never" })).toBe("Never");
  });
});

describe("formatGoDuration", () => {
  it.each([
    [0, "0s"],
    [850, "850ms"],
    [1200, "1.2s"],
    [2000, "2s"],
    [1071, "1.071s"],
    [63_500, "1m3.5s"],
    [3_600_000, "1h0m0s"],
  ])("%i ms is %s", (ms, s) => {
    expect(formatGoDuration(ms)).toBe(s);
  });
});
