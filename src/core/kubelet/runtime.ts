import type { Container, Pod } from "kubernetes-types/core/v1";
import { baseLayer, FsLayer, Vfs, type FsNode } from "../shell/index.js";
import { defaultProgramOf, lookupImage, lookupProgram, tagVersion, type CatalogueImage } from "./catalogue/index.js";
import { hexHash, imageName, parseImage, type ImageRef } from "./images.js";
import { SimProcess } from "./process.js";
import { formatTemplate } from "./program-runner.js";
import { logRate, scriptedExit } from "./sim-annotations.js";
import { oomAfter } from "./usage.js";
import { serviceAccountToken } from "./volumes.js";

export type { ProcessOutput, ProcessExit, ExecOutcome, ExecShell } from "./process.js";
/** A container's running process, as the kubelet drives it. */
export type ContainerProcess = SimProcess;

/**
 * The container runtime as the simulated kubelet sees it: what an image is (whether its
 * tag exists, its size, how long it takes to pull) and what a container's process does
 * once started. The process is a pure function of its {@link ContainerStart}: the kubelet
 * asks again after a restart of kdeck and replays it to the present.
 */
export interface ContainerRuntime {
  image(ref: ImageRef): ImageInfo;
  start(start: ContainerStart): ContainerProcess;
  /** What the container runs: `command` + `args`, or the image's entrypoint with them. */
  argv(container: Container): string[];
}

export interface ImageInfo {
  /** Compressed size, reported in the Pulled event and node.status.images. */
  sizeBytes: number;
  /** How long a pull takes (before jitter). */
  pullMs: number;
  /** False for a known image whose tag does not exist: the pull fails. */
  exists: boolean;
}

export interface ContainerStart {
  pod: Pod;
  container: Container;
  /** Virtual time the process started, epoch ms. */
  startedAt: number;
  /** 0 for the first instance. */
  restartCount: number;
  env: ReadonlyMap<string, string>;
  /** Mounts the pod's volumes (an emptyDir shared between its containers; ConfigMaps read at start). */
  mount?: (fs: Vfs) => void;
}

/** A registry's speed: a pull takes half a second plus the image's size at this rate. */
const PULL_BYTES_PER_MS = 40_000;

const SKELETON = ["/bin", "/dev", "/etc", "/home", "/proc", "/root", "/run", "/sbin", "/sys", "/tmp", "/usr/bin", "/usr/local/bin", "/usr/share", "/var/log", "/var/run", "/var/tmp"];

/**
 * The runtime over the image catalogue (catalogue/) and the shell interpreter
 * (../shell/): catalogue images run their programs, commands run as scripts, unknown
 * images pull and run as servers on their declared ports.
 */
export class CatalogueRuntime implements ContainerRuntime {
  private readonly bases = new Map<string, ReadonlyMap<string, FsNode>>();

  private readonly infos = new Map<string, ImageInfo>();

  /** Cached per reference: guards ask on every evaluation. */
  image(ref: ImageRef): ImageInfo {
    const key = imageName(ref);
    let info = this.infos.get(key);
    if (!info) {
      info = this.imageInfo(ref);
      this.infos.set(key, info);
    }
    return info;
  }

  private imageInfo(ref: ImageRef): ImageInfo {
    const found = lookupImage(ref);
    // Unknown images: between 2 MB and 200 MB, stable per image.
    const sizeBytes = found.image?.sizeBytes ?? 2_000_000 + (parseInt(hexHash(imageName(ref), 8), 16) % 198_000_000);
    return { sizeBytes, pullMs: 500 + Math.round(sizeBytes / PULL_BYTES_PER_MS), exists: found.exists };
  }

  argv(container: Container): string[] {
    const image = lookupImage(parseImage(container.image ?? "")).image;
    if (container.command && container.command.length > 0) return [...container.command, ...(container.args ?? [])];
    if (container.args && container.args.length > 0) return [...(image?.entrypointOnly ?? []), ...container.args];
    return [...(image?.entrypoint ?? [])];
  }

  start(s: ContainerStart): ContainerProcess {
    const ref = parseImage(s.container.image ?? "");
    const found = lookupImage(ref);
    const argv = this.argv(s.container);
    const fs = new Vfs(new FsLayer(this.baseOf(found.image, found.userland)));
    const podName = s.pod.metadata?.name ?? "";
    const hostname = s.pod.spec?.hostname ?? podName;
    const podIP = s.pod.status?.podIP;
    fs.write("/etc/hostname", `${hostname}\n`, false);
    fs.write("/etc/hosts", `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${podIP ? `${podIP}\t${hostname}\n` : ""}`, false);
    fs.write("/etc/resolv.conf", `search ${s.pod.metadata?.namespace ?? "default"}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`, false);
    if (s.pod.spec?.automountServiceAccountToken !== false) {
      const dir = "/var/run/secrets/kubernetes.io/serviceaccount";
      fs.mount(dir, new FsLayer(baseLayer({ namespace: s.pod.metadata?.namespace ?? "default", token: serviceAccountToken(s.pod), "ca.crt": "-----BEGIN CERTIFICATE-----\nkdeck\n-----END CERTIFICATE-----\n" }), true));
    }
    s.mount?.(fs);
    const version = tagVersion(ref);
    const defaultProgram = defaultProgramOf(found.image);
    const program = lookupProgram(argv, defaultProgram);
    const restartPolicy = s.pod.spec?.restartPolicy ?? "Always";
    const exitAfter = scriptedExit(s.pod, s.container.name);
    const oom = oomAfter(s.pod, s.container, argv);
    const rate = logRate(s.pod, s.container.name);
    return new SimProcess({
      argv,
      env: s.env,
      fs,
      startedAt: s.startedAt,
      ...(exitAfter ? { exitAfter } : {}),
      ...(oom !== undefined ? { oomAfterMs: Math.max(0, Math.round(oom)) } : {}),
      ...(rate ? { logRate: rate } : {}),
      program: {
        hostname,
        userland: found.userland,
        ...(podIP ? { podIP } : {}),
        version,
        ...(found.image ? { image: found.image } : {}),
        ...(defaultProgram ? { defaultProgram } : {}),
        ...(program ? { programName: program.name } : {}),
        declaredPorts: (s.container.ports ?? []).map((p) => p.containerPort),
        restartPolicy,
        format: (template, at, extra = {}) =>
          formatTemplate(template, at, { version, hostname, ip: podIP ?? "", pod: podName, container: s.container.name, ...extra }),
      },
    });
  }

  /** The image's files under a skeleton, shared by all its containers. */
  private baseOf(image: CatalogueImage | undefined, userland: "busybox" | "gnu"): ReadonlyMap<string, FsNode> {
    const key = `${image?.repository ?? "-"}/${userland}`;
    let base = this.bases.get(key);
    if (!base) {
      const osRelease = userland === "busybox" ? 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\n' : 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
      base = baseLayer({ "/etc/os-release": osRelease, "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\n", ...(image?.files ?? {}) }, SKELETON);
      this.bases.set(key, base);
    }
    return base;
  }
}
