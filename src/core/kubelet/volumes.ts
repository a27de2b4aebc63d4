import type { ConfigMap, Container, Pod, Secret, Volume } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { baseLayer, FsLayer, type Vfs } from "../shell/index.js";
import { downwardField, secretData } from "./container-env.js";

/**
 * A pod's volumes as filesystem layers, shared by its containers: an emptyDir written
 * by one container is read by the other. ConfigMap and Secret volumes are read-only
 * files (re-read when a container starts); hostPath and PVC volumes are directories
 * kept for the pod's life (a PVC's real binding comes with the workloads).
 */
export class PodVolumes {
  private readonly layers = new Map<string, FsLayer>();

  constructor(private readonly pod: Pod) {}

  /** Why the pod's volumes cannot be mounted (kubelet's FailedMount message), or undefined. */
  static missing(api: Api, pod: Pod): { volume: string; message: string } | undefined {
    const ns = pod.metadata?.namespace ?? "default";
    for (const v of pod.spec?.volumes ?? []) {
      if (v.configMap && !v.configMap.optional && !api.tryGet("configmaps", ns, v.configMap.name ?? "")) {
        return { volume: v.name, message: `configmap "${v.configMap.name}" not found` };
      }
      if (v.secret && !v.secret.optional && !api.tryGet("secrets", ns, v.secret.secretName ?? "")) {
        return { volume: v.name, message: `secret "${v.secret.secretName}" not found` };
      }
    }
    return undefined;
  }

  /** Mounts the container's volumeMounts into its filesystem. */
  mountInto(fs: Vfs, container: Container, api: Api): void {
    for (const m of container.volumeMounts ?? []) {
      const v = (this.pod.spec?.volumes ?? []).find((x) => x.name === m.name);
      if (!v) continue;
      fs.mount(m.mountPath, this.layer(v, api));
    }
  }

  private layer(v: Volume, api: Api): FsLayer {
    const ns = this.pod.metadata?.namespace ?? "default";
    // Files from the API are re-read at every mount; writable volumes live as long as the pod.
    if (v.configMap) {
      const o = api.tryGet("configmaps", ns, v.configMap.name ?? "");
      const data = o ? { ...(asKind<ConfigMap>(o).data ?? {}) } : {};
      return new FsLayer(baseLayer(itemsOf(data, v.configMap.items)), true);
    }
    if (v.secret) {
      const o = api.tryGet("secrets", ns, v.secret.secretName ?? "");
      return new FsLayer(baseLayer(itemsOf(o ? secretData(asKind<Secret>(o)) : {}, v.secret.items)), true);
    }
    if (v.downwardAPI) {
      const files: Record<string, string> = {};
      for (const item of v.downwardAPI.items ?? []) if (item.fieldRef) files[item.path] = downwardField(this.pod, item.fieldRef.fieldPath);
      return new FsLayer(baseLayer(files), true);
    }
    if (v.projected) {
      const files: Record<string, string> = {};
      for (const s of v.projected.sources ?? []) {
        if (s.configMap) {
          const o = api.tryGet("configmaps", ns, s.configMap.name ?? "");
          Object.assign(files, itemsOf(o ? { ...(asKind<ConfigMap>(o).data ?? {}) } : {}, s.configMap.items));
        } else if (s.secret) {
          const o = api.tryGet("secrets", ns, s.secret.name ?? "");
          Object.assign(files, itemsOf(o ? secretData(asKind<Secret>(o)) : {}, s.secret.items));
        } else if (s.serviceAccountToken) files[s.serviceAccountToken.path] = serviceAccountToken(this.pod);
        else if (s.downwardAPI) for (const item of s.downwardAPI.items ?? []) if (item.fieldRef) files[item.path] = downwardField(this.pod, item.fieldRef.fieldPath);
      }
      return new FsLayer(baseLayer(files), true);
    }
    let layer = this.layers.get(v.name);
    if (!layer) {
      layer = new FsLayer();
      this.layers.set(v.name, layer);
    }
    return layer;
  }
}

function itemsOf(data: Record<string, string>, items: readonly { key: string; path: string }[] | undefined): Record<string, string> {
  if (!items || items.length === 0) return data;
  const out: Record<string, string> = {};
  for (const i of items) if (data[i.key] !== undefined) out[i.path] = data[i.key]!;
  return out;
}

/** A token-shaped string for the pod's service account (not a real JWT). */
export function serviceAccountToken(pod: Pod): string {
  const payload = Buffer.from(JSON.stringify({ sub: `system:serviceaccount:${pod.metadata?.namespace}:${pod.spec?.serviceAccountName ?? "default"}` })).toString("base64url");
  return `eyJhbGciOiJSUzI1NiIsImtpZCI6ImtkZWNrIn0.${payload}.kdeck`;
}
