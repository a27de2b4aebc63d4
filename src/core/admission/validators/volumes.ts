import type { KeyToPath, Volume } from "kubernetes-types/core/v1";
import type { FieldError } from "../../api/errors.js";
import { isQuantity, parseQuantity } from "../../quantity.js";
import { duplicate, type FieldPath, forbidden, invalid, notSupported, required } from "../field.js";
import { isDNS1123Label } from "./formats.js";
import { isRecord, listOf, str } from "./values.js";

/**
 * Volume sources in the order Kubernetes checks them, each with the path it names when
 * a second source is given (two of them keep Kubernetes' own spelling there).
 */
const VOLUME_SOURCES: readonly (readonly [field: string, reportedAs: string])[] = [
  ["emptyDir", "emptyDir"], ["hostPath", "hostPath"], ["gitRepo", "gitRepo"], ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"], ["secret", "secret"], ["nfs", "nfs"], ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"], ["flocker", "flocker"], ["persistentVolumeClaim", "persistentVolumeClaim"], ["rbd", "rbd"],
  ["cinder", "cinder"], ["cephfs", "cephFS"], ["quobyte", "quobyte"], ["downwardAPI", "downwarAPI"], ["fc", "fc"],
  ["flexVolume", "flexVolume"], ["configMap", "configMap"], ["azureFile", "azureFile"], ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"], ["portworxVolume", "portworxVolume"], ["azureDisk", "azureDisk"],
  ["storageos", "storageos"], ["projected", "projected"], ["scaleIO", "scaleIO"], ["csi", "csi"], ["ephemeral", "ephemeral"],
  ["image", "image"],
];

const HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];
const FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";

/**
 * A pod's volumes: unique DNS-label names and exactly one source each. Returns the
 * volumes that passed, by name, for the containers' `volumeMounts` to refer to.
 */
export function validateVolumes(volumes: readonly Volume[] | undefined, fldPath: FieldPath): { volumes: Map<string, Volume>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const valid = new Map<string, Volume>();
  const names = new Set<string>();
  listOf(volumes).forEach((vol, i) => {
    const p = fldPath.index(i);
    const namePath = p.child("name");
    const name = str(vol.name);
    const el = validateVolumeSource(vol, p);
    if (!name) el.push(required(namePath));
    else el.push(...isDNS1123Label(name).map((m) => invalid(namePath, name, m)));
    if (names.has(name)) el.push(duplicate(namePath, name));
    if (el.length === 0) {
      names.add(name);
      valid.set(name, vol);
    } else {
      errors.push(...el);
    }
  });
  return { volumes: valid, errors };
}

function validateVolumeSource(vol: Volume, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const source = vol as unknown as Record<string, unknown>;
  let count = 0;
  for (const [field, reportedAs] of VOLUME_SOURCES) {
    const v = source[field];
    if (v === undefined || v === null) continue;
    if (count > 0) {
      errs.push(forbidden(fldPath.child(reportedAs), "may not specify more than 1 volume type"));
      continue;
    }
    count++;
    errs.push(...validateSource(field, isRecord(v) ? v : {}, fldPath.child(field)));
  }
  if (count === 0) errs.push(required(fldPath, "must specify a volume type"));
  return errs;
}

function validateSource(field: string, src: Record<string, unknown>, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  switch (field) {
    case "emptyDir": {
      const limit = src.sizeLimit;
      if ((typeof limit === "string" || typeof limit === "number") && isQuantity(limit) && parseQuantity(limit) < 0) {
        errs.push(forbidden(p.child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
      }
      break;
    }
    case "hostPath": {
      const path = str(src.path);
      if (!path) return [required(p.child("path"))];
      errs.push(...validatePathNoBacksteps(path, p.child("path")));
      if (src.type !== undefined && src.type !== null && !HOST_PATH_TYPES.includes(str(src.type))) {
        errs.push(notSupported(p.child("type"), str(src.type), HOST_PATH_TYPES));
      }
      break;
    }
    case "secret":
      if (!str(src.secretName)) errs.push(required(p.child("secretName")));
      errs.push(...validateMode(src.defaultMode, p.child("defaultMode")));
      listOf(src.items as KeyToPath[]).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child("items").index(i))));
      break;
    case "configMap":
      if (!str(src.name)) errs.push(required(p.child("name")));
      errs.push(...validateMode(src.defaultMode, p.child("defaultMode")));
      listOf(src.items as KeyToPath[]).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child("items").index(i))));
      break;
    case "persistentVolumeClaim":
      if (!str(src.claimName)) errs.push(required(p.child("claimName")));
      break;
    case "nfs": {
      const path = str(src.path);
      if (!str(src.server)) errs.push(required(p.child("server")));
      if (!path) errs.push(required(p.child("path")));
      if (!path.startsWith("/")) errs.push(invalid(p.child("path"), path, "must be an absolute path"));
      break;
    }
    case "downwardAPI":
    case "projected":
      errs.push(...validateMode(src.defaultMode, p.child("defaultMode")));
      break;
  }
  return errs;
}

function validateMode(mode: unknown, p: FieldPath): FieldError[] {
  if (typeof mode !== "number") return [];
  return mode > 0o777 || mode < 0 ? [invalid(p, mode, FILE_MODE_ERROR)] : [];
}

function validateKeyToPath(kp: KeyToPath, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const path = str(kp.path);
  if (!str(kp.key)) errs.push(required(p.child("key")));
  if (!path) errs.push(required(p.child("path")));
  errs.push(...validateLocalNonReservedPath(path, p.child("path")));
  errs.push(...validateMode(kp.mode, p.child("mode")));
  return errs;
}

/** A relative path with no `..` element: subPath, key-to-path targets. */
export function validateLocalDescendingPath(path: string, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (path.startsWith("/")) errs.push(invalid(p, path, "must be a relative path"));
  errs.push(...validatePathNoBacksteps(path, p));
  return errs;
}

function validateLocalNonReservedPath(path: string, p: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(path, p);
  if (path.startsWith("..") && !path.startsWith("../")) errs.push(invalid(p, path, "must not start with '..'"));
  return errs;
}

function validatePathNoBacksteps(path: string, p: FieldPath): FieldError[] {
  return path.replace(/\\/g, "/").split("/").includes("..") ? [invalid(p, path, "must not contain '..'")] : [];
}
