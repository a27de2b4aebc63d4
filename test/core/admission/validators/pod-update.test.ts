import { describe, expect, it } from "vitest";
import { admit, container, pod } from "../helpers.js";

const FORBIDDEN_PREFIX =
  "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n";

describe("Pod update validation", () => {
  it("allows new images, labels and annotations", () => {
    const old = pod();
    expect(admit(pod({ containers: [container({ image: "nginx:1.26" })] }, { labels: { tier: "web" }, annotations: { note: "x" } }), old)).toEqual([]);
  });

  it("refuses any other spec change with Kubernetes' message and a diff", () => {
    const errs = admit(pod({ restartPolicy: "Never" }), pod());
    expect(errs).toHaveLength(1);
    expect(errs[0]!.startsWith(FORBIDDEN_PREFIX)).toBe(true);
    expect(errs[0]).toContain('- \trestartPolicy: "Always",\n+ \trestartPolicy: "Never",');

    const ports = admit(pod({ containers: [container({ ports: [{ containerPort: 80 }] })] }), pod());
    expect(ports[0]!.startsWith(FORBIDDEN_PREFIX)).toBe(true);
    expect(ports[0]).toContain("containers[0].ports");
  });

  it("refuses adding or removing containers", () => {
    expect(admit(pod({ containers: [container(), container({ name: "b" })] }), pod())).toEqual(["spec.containers: Forbidden: pod updates may not add or remove containers"]);
  });

  it("lets activeDeadlineSeconds be set or lowered, never raised or removed", () => {
    expect(admit(pod({ activeDeadlineSeconds: 60 }), pod())).toEqual([]);
    expect(admit(pod({ activeDeadlineSeconds: 30 }), pod({ activeDeadlineSeconds: 60 }))).toEqual([]);
    expect(admit(pod({ activeDeadlineSeconds: 90 }), pod({ activeDeadlineSeconds: 60 }))).toEqual([
      "spec.activeDeadlineSeconds: Invalid value: 90: must be less than or equal to previous value",
    ]);
    expect(admit(pod(), pod({ activeDeadlineSeconds: 60 }))).toEqual(["spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value"]);
  });

  it("allows added tolerations and changed tolerationSeconds, not changed tolerations", () => {
    const old = pod({ tolerations: [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoExecute", tolerationSeconds: 60 }] });
    expect(
      admit(
        pod({
          tolerations: [
            { key: "dedicated", operator: "Equal", value: "db", effect: "NoExecute", tolerationSeconds: 10 },
            { key: "spot", operator: "Exists" },
          ],
        }),
        old,
      ),
    ).toEqual([]);
    expect(admit(pod({ tolerations: [{ key: "dedicated", operator: "Equal", value: "web", effect: "NoExecute" }] }), old)).toEqual([
      "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds",
    ]);
  });

  it("lets a negative grace period be set to 1 and nothing else", () => {
    expect(admit(pod({ terminationGracePeriodSeconds: 1 }), pod({ terminationGracePeriodSeconds: -1 }))).toEqual([]);
    expect(admit(pod({ terminationGracePeriodSeconds: 5 }), pod())[0]!.startsWith(FORBIDDEN_PREFIX)).toBe(true);
  });

  it("keeps name, namespace and uid immutable", () => {
    const old = pod({}, { uid: "1111" });
    expect(admit(pod({}, { name: "other", uid: "1111" }), old)).toEqual(['metadata.name: Invalid value: "other": field is immutable']);
    expect(admit(pod({}, { namespace: "prod", uid: "1111" }), old)).toEqual(['metadata.namespace: Invalid value: "prod": field is immutable']);
    expect(admit(pod({}, { uid: "2222" }), old)).toEqual(['metadata.uid: Invalid value: "2222": field is immutable']);
    expect(admit(pod(), old)).toEqual([]);
  });

  it("does not look at status, which changes through its own path", () => {
    const old = { ...pod(), status: { phase: "Pending" } };
    expect(admit({ ...pod(), status: { phase: "Running", podIP: "10.244.1.5" } }, old)).toEqual([]);
  });
});
