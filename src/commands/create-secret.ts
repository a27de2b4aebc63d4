/**
 * `kdeck create secret generic|docker-registry|tls NAME …`: the Secrets kubectl's
 * generators build, values base64-encoded in `data`.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { KubeObject } from "../client/cluster.js";
import { kindForResource } from "../client/kinds.js";
import { UsageError, type CommandContext } from "./context.js";
import { addGeneratorFlags, createGenerated, nameFromArgs, type GeneratorFlags } from "./create-objects.js";
import { addEnvFileSources, addFileSources, addLiteralSources, collectArray, newKeyValues, type KeyValues } from "./create-sources.js";
import { collect } from "./flags.js";

const DEFAULT_DOCKER_SERVER = "https://index.docker.io/v1/";

interface GenericFlags extends GeneratorFlags {
  fromLiteral?: string[];
  fromFile?: string[];
  fromEnvFile?: string[];
  type?: string;
}

interface DockerRegistryFlags extends GeneratorFlags {
  dockerServer?: string;
  dockerUsername?: string;
  dockerPassword?: string;
  dockerEmail?: string;
  fromFile?: string[];
}

interface TlsFlags extends GeneratorFlags {
  cert?: string;
  key?: string;
}

function secretObject(name: string, type: string | undefined, kv: KeyValues): KubeObject {
  const data: Record<string, string> = {};
  for (const [k, v] of kv.data) data[k] = Buffer.from(v, "utf8").toString("base64");
  for (const [k, v] of kv.binaryData) data[k] = v.toString("base64");
  const obj: KubeObject & { data?: Record<string, string>; type?: string } = { apiVersion: "v1", kind: "Secret", metadata: { name } };
  if (Object.keys(data).length > 0) obj.data = Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]!]));
  if (type) obj.type = type;
  return obj;
}

/** `create secret generic`: keys from literals, files and env files; `--type` when given. */
export function buildGenericSecret(name: string, flags: GenericFlags, cwd: string, env: NodeJS.ProcessEnv): KubeObject {
  const kv = newKeyValues();
  const target = { kind: "Secret" as const, name };
  addFileSources(kv, target, flags.fromFile ?? [], cwd);
  addLiteralSources(kv, target, flags.fromLiteral ?? []);
  addEnvFileSources(kv, target, flags.fromEnvFile ?? [], cwd, env);
  return secretObject(name, flags.type, kv);
}

/** `create secret docker-registry`: a `.dockerconfigjson` with the registry's credentials. */
export function buildDockerRegistrySecret(name: string, flags: DockerRegistryFlags, cwd: string): KubeObject {
  const kv = newKeyValues();
  if ((flags.fromFile ?? []).length > 0) {
    addFileSources(kv, { kind: "Secret", name }, flags.fromFile ?? [], cwd);
  } else {
    const server = flags.dockerServer ?? DEFAULT_DOCKER_SERVER;
    const username = flags.dockerUsername ?? "";
    const password = flags.dockerPassword ?? "";
    const entry: Record<string, string> = { username, password };
    if (flags.dockerEmail) entry.email = flags.dockerEmail;
    entry.auth = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
    kv.data.set(".dockerconfigjson", JSON.stringify({ auths: { [server]: entry } }));
  }
  return secretObject(name, "kubernetes.io/dockerconfigjson", kv);
}

/** `create secret tls`: the certificate and key, refused unless they are a matching PEM pair. */
export function buildTlsSecret(name: string, flags: TlsFlags, cwd: string): KubeObject {
  if (!flags.cert || !flags.key) throw new UsageError("key and cert must be specified", "create");
  const read = (file: string) => {
    try {
      return fs.readFileSync(path.resolve(cwd, file));
    } catch (e) {
      throw new Error(`open ${file}: no such file or directory`, { cause: e });
    }
  };
  const cert = read(flags.cert);
  const key = read(flags.key);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new Error("tls: failed to find any PEM data in certificate input", { cause: e });
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (e) {
    throw new Error("tls: failed to find any PEM data in key input", { cause: e });
  }
  if (!x509.checkPrivateKey(privateKey)) throw new Error("tls: private key does not match public key");
  const kv = newKeyValues();
  kv.binaryData.set("tls.crt", cert);
  kv.binaryData.set("tls.key", key);
  return secretObject(name, "kubernetes.io/tls", kv);
}

/** Registers `create secret` and its generic, docker-registry and tls subcommands on the `create` command. */
export function registerCreateSecret(create: Command, ctx: CommandContext): void {
  const secret = create
    .command("secret")
    .summary("Create a secret using a specified subcommand")
    .description("Create a secret with specified type: generic, docker-registry or tls.")
    .helpCommand(false);
  const secrets = () => kindForResource("secrets")!;

  const generic = secret
    .command("generic")
    .summary("Create a secret from a local file, directory, or literal value")
    .description(
      "Create a secret based on a file, directory, or specified literal value. A single secret may package one or more key/value pairs.\n\n" +
        "Examples:\n  kdeck create secret generic my-secret --from-file=path/to/bar\n  kdeck create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret",
    )
    .usage("NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]")
    .argument("[name...]")
    .option("--from-literal <key=value>", "a key and literal value to insert in the secret (i.e. mykey=somevalue)", collectArray)
    .option("--from-file <[key=]source>", "a file (its base name is the key), key=file, or a directory (one key per file)", collect)
    .option("--from-env-file <file>", "a file of key=val lines to create the secret from", collect)
    .option("--type <type>", "the type of secret to create");
  addGeneratorFlags(generic).action(async (names: string[], flags: GenericFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    if ((flags.fromEnvFile ?? []).length > 0 && ((flags.fromFile ?? []).length > 0 || (flags.fromLiteral ?? []).length > 0)) {
      throw new UsageError("from-env-file cannot be combined with from-file or from-literal", "create");
    }
    const obj = buildGenericSecret(name, flags, process.cwd(), ctx.io.env);
    await createGenerated(ctx, self, secrets(), flags, () => obj, "failed to create secret");
  });

  const docker = secret
    .command("docker-registry")
    .summary("Create a secret for use with a Docker registry")
    .description(
      "Create a new secret for use with Docker registries.\n\n" +
        "Examples:\n  kdeck create secret docker-registry my-secret --docker-server=DOCKER_REGISTRY_SERVER --docker-username=DOCKER_USER --docker-password=DOCKER_PASSWORD --docker-email=DOCKER_EMAIL",
    )
    .usage("NAME --docker-username=user --docker-password=password --docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none]")
    .argument("[name...]")
    .option("--docker-server <server>", "server location for the Docker registry", DEFAULT_DOCKER_SERVER)
    .option("--docker-username <user>", "username for Docker registry authentication")
    .option("--docker-password <password>", "password for Docker registry authentication")
    .option("--docker-email <email>", "email for Docker registry")
    .option("--from-file <[key=]source>", "key files: a file path (its base name is the key) or key=path", collect);
  addGeneratorFlags(docker).action(async (names: string[], flags: DockerRegistryFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    if ((flags.fromFile ?? []).length === 0 && (!flags.dockerUsername || !flags.dockerPassword || !flags.dockerServer)) {
      throw new UsageError("either --from-file or the combination of --docker-username, --docker-password and --docker-server is required", "create");
    }
    const obj = buildDockerRegistrySecret(name, flags, process.cwd());
    await createGenerated(ctx, self, secrets(), flags, () => obj, "failed to create secret");
  });

  const tls = secret
    .command("tls")
    .summary("Create a TLS secret")
    .description("Create a TLS secret from the given public/private key pair.\n\nExamples:\n  kdeck create secret tls tls-secret --cert=path/to/tls.crt --key=path/to/tls.key")
    .usage("NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none]")
    .argument("[name...]")
    .option("--cert <file>", "path to PEM encoded public key certificate")
    .option("--key <file>", "path to private key associated with given certificate");
  addGeneratorFlags(tls).action(async (names: string[], flags: TlsFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    const obj = buildTlsSecret(name, flags, process.cwd());
    await createGenerated(ctx, self, secrets(), flags, () => obj, "failed to create secret");
  });
}
