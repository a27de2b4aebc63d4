import type { ConfigMap, Container, Pod, Secret, Volume } from "kubernetes-types/core/v1";
import { asKind } from "../api/object.js";
import type { Api } from "../apiserver/types.js";
import { baseLayer, FsLayer, type Vfs } from "../shell/index.js";
import { downwardField, secretData } from "./container-env.js";

/**
 * A pod's volumes as filesystem layers, shared by its containers: an emptyDir written
 * by one container is read by the other. ConfigMap, Secret and projected volumes are
 * read-only files from the API, one layer per volume for the pod: re-read when a
 * container mounts it and by {@link PodVolumes.refresh} (the kubelet's update of a
 * changed ConfigMap or Secret), except under a `subPath`, which keeps what it first
 * read, as in Kubernetes. hostPath and PVC volumes are directories kept for the pod's
 * life (a PVC's real binding comes with the workloads).
 */
export class PodVolumes {
  private readonly layers = new Map<string, FsLayer>();
  /** The API-backed volumes' shared layers, with the files they hold (as JSON, to compare). */
  private readonly fromApi = new Map<string, { layer: FsLayer; files: string }>();

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

  /** The ConfigMaps and Secrets the pod's volumes read, as `configmaps/NAME` and `secrets/NAME`. */
  static references(pod: Pod): string[] {
    const out = new Set<string>();
    for (const v of pod.spec?.volumes ?? []) {
      if (v.configMap) out.add(`configmaps/${v.configMap.name ?? ""}`);
      if (v.secret) out.add(`secrets/${v.secret.secretName ?? ""}`);
      for (const s of v.projected?.sources ?? []) {
        if (s.configMap) out.add(`configmaps/${s.configMap.name ?? ""}`);
        if (s.secret) out.add(`secrets/${s.secret.name ?? ""}`);
      }
    }
    return [...out];
  }

  /** Mounts the container's volumeMounts into its filesystem. */
  mountInto(fs: Vfs, container: Container, api: Api): void {
    for (const m of container.volumeMounts ?? []) {
      const v = (this.pod.spec?.volumes ?? []).find((x) => x.name === m.name);
      if (!v) continue;
      fs.mount(m.mountPath, this.layer(v, api, !!m.subPath));
    }
  }

  /** Whether a ConfigMap or Secret volume's files differ from what the API holds now. */
  stale(api: Api): boolean {
    for (const [name, held] of this.fromApi) {
      const files = this.readFiles(this.volume(name), api);
      if (files && JSON.stringify(files) !== held.files) return true;
    }
    return false;
  }

  /** Re-reads every ConfigMap and Secret volume into its layer (running containers see it at once). */
  refresh(api: Api): void {
    for (const name of this.fromApi.keys()) this.update(this.volume(name), api);
  }

  private volume(name: string): Volume {
    return (this.pod.spec?.volumes ?? []).find((x) => x.name === name)!;
  }

  private layer(v: Volume, api: Api, subPath: boolean): FsLayer {
    if (v.configMap || v.secret || v.projected) {
      // A subPath mount is a bind mount of what was there at start: it never updates.
      if (subPath) return new FsLayer(baseLayer(this.readFiles(v, api) ?? {}), true);
      return this.update(v, api);
    }
    if (v.downwardAPI) {
      const files: Record<string, string> = {};
      for (const item of v.downwardAPI.items ?? []) if (item.fieldRef) files[item.path] = downwardField(this.pod, item.fieldRef.fieldPath);
      return new FsLayer(baseLayer(files), true);
    }
    let layer = this.layers.get(v.name);
    if (!layer) {
      layer = new FsLayer();
      this.layers.set(v.name, layer);
    }
    return layer;
  }

  /** The volume's shared layer, with the API's files now (kept as they were when a required source is gone). */
  private update(v: Volume, api: Api): FsLayer {
    const files = this.readFiles(v, api);
    const json = files ? JSON.stringify(files) : undefined;
    let held = this.fromApi.get(v.name);
    if (!held) {
      held = { layer: new FsLayer(baseLayer(files ?? {}), true), files: json ?? "{}" };
      this.fromApi.set(v.name, held);
    } else if (json !== undefined && json !== held.files) {
      held.layer.replace(baseLayer(files!));
      held.files = json;
    }
    return held.layer;
  }

  /** A ConfigMap, Secret or projected volume's files from the API; undefined when a required source is missing. */
  private readFiles(v: Volume, api: Api): Record<string, string> | undefined {
    const ns = this.pod.metadata?.namespace ?? "default";
    const configMap = (name: string | undefined, optional: boolean | undefined): Record<string, string> | undefined => {
      const o = api.tryGet("configmaps", ns, name ?? "");
      return o ? { ...(asKind<ConfigMap>(o).data ?? {}) } : optional ? {} : undefined;
    };
    const secret = (name: string | undefined, optional: boolean | undefined): Record<string, string> | undefined => {
      const o = api.tryGet("secrets", ns, name ?? "");
      return o ? secretData(asKind<Secret>(o)) : optional ? {} : undefined;
    };
    if (v.configMap) {
      const data = configMap(v.configMap.name, v.configMap.optional);
      return data && itemsOf(data, v.configMap.items);
    }
    if (v.secret) {
      const data = secret(v.secret.secretName, v.secret.optional);
      return data && itemsOf(data, v.secret.items);
    }
    const files: Record<string, string> = {};
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap) {
        const data = configMap(s.configMap.name, s.configMap.optional);
        if (!data) return undefined;
        Object.assign(files, itemsOf(data, s.configMap.items));
      } else if (s.secret) {
        const data = secret(s.secret.name, s.secret.optional);
        if (!data) return undefined;
        Object.assign(files, itemsOf(data, s.secret.items));
      } else if (s.serviceAccountToken) files[s.serviceAccountToken.path] = serviceAccountToken(this.pod);
      else if (s.downwardAPI) for (const item of s.downwardAPI.items ?? []) if (item.fieldRef) files[item.path] = downwardField(this.pod, item.fieldRef.fieldPath);
    }
    return files;
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
