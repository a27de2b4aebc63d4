import type { Container } from "kubernetes-types/core/v1";

/**
 * Image references as containerd reports them. A pod says `nginx:1.25`; its container
 * status says `docker.io/library/nginx:1.25` and an imageID
 * `docker.io/library/nginx@sha256:…`, and the node lists both names.
 */

/** A parsed, fully qualified image reference. */
export interface ImageRef {
  /** `docker.io/library/nginx` */
  repository: string;
  /** `1.25`; `latest` when neither tag nor digest was given. */
  tag?: string;
  /** `sha256:…` when the reference pinned one. */
  digest?: string;
}

/** Parses a reference with Docker's rules: default registry docker.io, `library/` for official images, tag `latest`. */
export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  const first = parts[0] ?? "";
  const hasDomain = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  let repository: string;
  if (hasDomain) repository = rest;
  else if (parts.length === 1) repository = `docker.io/library/${rest}`;
  else repository = `docker.io/${rest}`;
  if (!tag && !digest) tag = "latest";
  return { repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The name containerd reports for a container's image: `docker.io/library/nginx:1.25`. */
export function imageName(ref: ImageRef): string {
  return ref.tag ? `${ref.repository}:${ref.tag}` : `${ref.repository}@${ref.digest}`;
}

/**
 * The image's content digest. A real registry answers with it; here it is derived from
 * the reference so that the same image has the same digest on every node and every run.
 */
export function imageDigest(ref: ImageRef): string {
  return ref.digest ?? `sha256:${hexHash(imageName(ref), 64)}`;
}

/** The imageID of a running container: `docker.io/library/nginx@sha256:…`. */
export function imageID(ref: ImageRef): string {
  return `${ref.repository}@${imageDigest(ref)}`;
}

/** Kubernetes' default pull policy: Always for `:latest` or an untagged image, IfNotPresent otherwise. */
export function pullPolicyOf(container: Container): "Always" | "IfNotPresent" | "Never" {
  const p = container.imagePullPolicy;
  if (p === "Always" || p === "IfNotPresent" || p === "Never") return p;
  const ref = parseImage(container.image ?? "");
  if (ref.digest) return "IfNotPresent";
  return ref.tag === "latest" ? "Always" : "IfNotPresent";
}

/** Deterministic hex of `length` digits from a string (FNV-1a lanes; not cryptographic, only stable). */
export function hexHash(s: string, length: number): string {
  let out = "";
  for (let lane = 0; out.length < length; lane++) {
    let h = (0x811c9dc5 ^ Math.imul(lane + 1, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h = (h ^ (h >>> 15)) >>> 0;
    h = Math.imul(h, 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12)) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}
