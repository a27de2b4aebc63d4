/**
 * Where `create configmap` and `create secret generic` take their keys from:
 * `--from-literal=k=v`, `--from-file=[key=]path` (a directory gives one key per regular
 * file) and `--from-env-file=path`, parsed with kubectl's rules and messages.
 */
import fs from "node:fs";
import path from "node:path";

/** Keys and values gathered so far; a value is text, or bytes when it is not UTF-8. */
export interface KeyValues {
  data: Map<string, string>;
  binaryData: Map<string, Buffer>;
}

/** What the keys are for, as the messages name it: `ConfigMap` or `Secret`. */
export interface KeyTarget {
  kind: "ConfigMap" | "Secret";
  name: string;
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** A repeatable flag that keeps commas (pflag's StringArray: `--from-literal`). */
export function collectArray(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** ParseLiteralSource: `key=value`, split at the first `=`. */
export function parseLiteralSource(source: string): [string, string] {
  const eq = source.indexOf("=");
  if (eq <= 0) throw new Error(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, eq), source.slice(eq + 1)];
}

/** ParseFileSource: `path` (its base name is the key) or `key=path`. */
export function parseFileSource(source: string): [string, string] {
  const separators = source.split("=").length - 1;
  if (separators === 0) return [path.posix.basename(source.replaceAll("\\", "/")), source];
  if (separators === 1 && source.startsWith("=")) throw new Error(`key name for file path ${source.slice(1)} missing`);
  if (separators === 1 && source.endsWith("=")) throw new Error(`file path for key name ${source.slice(0, -1)} missing`);
  if (separators > 1) throw new Error("key names or file paths cannot contain '='");
  const [key, file] = source.split("=") as [string, string];
  return [key, file];
}

/** IsConfigMapKey's messages, which apply to Secret keys too. */
function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push("must be no more than 253 characters");
  if (!CONFIG_KEY.test(key)) {
    errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  }
  if (key === ".") errs.push("must not be '.'");
  else if (key === "..") errs.push("must not be '..'");
  else if (key.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

function addKey(kv: KeyValues, target: KeyTarget, key: string, value: string | Buffer): void {
  const errs = configKeyErrors(key);
  if (errs.length > 0) throw new Error(`${JSON.stringify(key)} is not a valid key name for a ${target.kind}: ${errs.join(",")}`);
  if (kv.data.has(key)) throw new Error(`cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ${target.kind} ${JSON.stringify(target.name)}`);
  if (kv.binaryData.has(key)) throw new Error(`cannot add key ${JSON.stringify(key)}, another key by that name already exists in BinaryData for ${target.kind} ${JSON.stringify(target.name)}`);
  if (typeof value === "string") kv.data.set(key, value);
  else kv.binaryData.set(key, value);
}

/** Adds every `--from-literal` source. */
export function addLiteralSources(kv: KeyValues, target: KeyTarget, sources: readonly string[]): void {
  for (const s of sources) {
    const [key, value] = parseLiteralSource(s);
    addKey(kv, target, key, value);
  }
}

function statOrExplain(file: string, cwd: string): fs.Stats {
  try {
    return fs.statSync(path.resolve(cwd, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file or directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new Error(`error reading ${file}: ${reason}`, { cause: e });
  }
}

/** A file's bytes as a value: text when they are valid UTF-8, else binary. */
function fileValue(file: string, cwd: string, binaryAllowed: boolean): string | Buffer {
  const bytes = fs.readFileSync(path.resolve(cwd, file));
  const text = bytes.toString("utf8");
  if (!binaryAllowed || Buffer.from(text, "utf8").equals(bytes)) return text;
  return bytes;
}

/**
 * Adds every `--from-file` source: a file under its base name or the given key, a
 * directory as one key per regular file in it (not recursing). Secrets keep bytes
 * as they are; ConfigMaps put non-UTF-8 files in binaryData.
 */
export function addFileSources(kv: KeyValues, target: KeyTarget, sources: readonly string[], cwd: string): void {
  for (const s of sources) {
    const [key, file] = parseFileSource(s);
    const info = statOrExplain(file, cwd);
    if (info.isDirectory()) {
      if (s.includes("=")) throw new Error("cannot give a key name for a directory path");
      const entries = fs.readdirSync(path.resolve(cwd, file), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (entry.isFile()) addKey(kv, target, entry.name, fileValue(path.join(file, entry.name), cwd, target.kind === "ConfigMap"));
      }
    } else {
      addKey(kv, target, key, target.kind === "Secret" ? fs.readFileSync(path.resolve(cwd, file)) : fileValue(file, cwd, true));
    }
  }
}

/**
 * Adds every `--from-env-file` source: `KEY=value` lines; blank lines and `#`
 * comments skipped; a key without `=` takes its value from the environment.
 */
export function addEnvFileSources(kv: KeyValues, target: KeyTarget, sources: readonly string[], cwd: string, env: NodeJS.ProcessEnv): void {
  for (const file of sources) {
    if (statOrExplain(file, cwd).isDirectory()) throw new Error("env config file cannot be a directory");
    const bytes = fs.readFileSync(path.resolve(cwd, file));
    const lines = bytes.toString("utf8").split("\n");
    lines.forEach((raw, i) => {
      if (raw.includes("\uFFFD") && !Buffer.from(raw, "utf8").equals(rawLineBytes(bytes, i))) {
        throw new Error(`env file ${file} contains invalid utf8 bytes at line ${i + 1}`);
      }
      let line = i === 0 ? raw.replace(/^\uFEFF/, "") : raw;
      line = line.replace(/\r$/, "").replace(/^\s+/, "");
      if (line.length === 0 || line.startsWith("#")) return;
      const eq = line.indexOf("=");
      const key = eq < 0 ? line : line.slice(0, eq);
      if (!ENV_VAR_NAME.test(key)) {
        throw new Error(
          `${JSON.stringify(key)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
        );
      }
      addKey(kv, target, key, eq < 0 ? (env[key] ?? "") : line.slice(eq + 1));
    });
  }
}

function rawLineBytes(bytes: Buffer, index: number): Buffer {
  let start = 0;
  for (let i = 0; i < index; i++) start = bytes.indexOf(0x0a, start) + 1;
  const end = bytes.indexOf(0x0a, start);
  return bytes.subarray(start, end < 0 ? bytes.length : end);
}

/** An empty collection of keys. */
export function newKeyValues(): KeyValues {
  return { data: new Map(), binaryData: new Map() };
}
