/** `kdeck create deployment NAME --image=IMAGE [--replicas=N] [--port=P]`: kubectl's deployment generator. */
import type { Command } from "commander";
import type { KubeObject } from "../client/cluster.js";
import { kindForResource } from "../client/kinds.js";
import { UsageError, type CommandContext } from "./context.js";
import { addGeneratorFlags, createGenerated, nameFromArgs, type GeneratorFlags } from "./create-objects.js";
import { collect, parseIntFlag } from "./flags.js";

interface CreateDeploymentFlags extends GeneratorFlags {
  image?: string[];
  replicas?: number;
  port?: number;
}

/**
 * A container name from an image, as kubectl's buildPodSpec derives it: the last path
 * segment without tag or digest, characters a name may not hold turned into dashes.
 */
export function containerNameFromImage(image: string): string {
  let name = image;
  const at = name.indexOf("@");
  if (at >= 0) name = name.slice(0, at);
  name = name.slice(name.lastIndexOf("/") + 1);
  const colon = name.indexOf(":");
  if (colon >= 0) name = name.slice(0, colon);
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
}

/** The Deployment `kubectl create deployment` sends: `app: NAME` labels and selector, one container per image. */
export function buildDeployment(name: string, images: readonly string[], replicas: number, port: number | undefined): KubeObject {
  const labels = { app: name };
  const containers = images.map((image) => ({
    name: containerNameFromImage(image),
    image,
    ...(port !== undefined && port >= 0 ? { ports: [{ containerPort: port }] } : {}),
    resources: {},
  }));
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy: {},
      template: { metadata: { labels }, spec: { containers } },
    },
    status: {},
  };
}

/** Registers `create deployment` (alias `deploy`) on the `create` command. */
export function registerCreateDeployment(create: Command, ctx: CommandContext): void {
  const cmd = create
    .command("deployment")
    .alias("deploy")
    .summary("Create a deployment with the specified name")
    .description(
      "Create a deployment with the specified name.\n\nExamples:\n" +
        "  kdeck create deployment my-dep --image=busybox\n" +
        "  kdeck create deployment my-dep --image=nginx --replicas=3 --port=80",
    )
    .usage("NAME --image=image [--replicas=N] [--port=P] [--dry-run=server|client|none]")
    .argument("[name...]")
    .option("--image <image>", "image names to run (repeatable: one container each)", collect)
    .option("-r, --replicas <n>", "number of replicas to create (default 1)", parseIntFlag)
    .option("--port <port>", "the containerPort this deployment exposes", parseIntFlag);
  addGeneratorFlags(cmd).action(async (names: string[], flags: CreateDeploymentFlags, self: Command) => {
    const name = nameFromArgs(names, "create");
    const images = flags.image ?? [];
    if (images.length === 0) throw new UsageError("required flag(s) \"image\" not set", "create");
    if (images.length > 1 && flags.port !== undefined) throw new UsageError("cannot specify multiple --image options and --port", "create");
    const replicas = flags.replicas ?? 1;
    await createGenerated(ctx, self, kindForResource("deployments.apps")!, flags, () => buildDeployment(name, images, replicas, flags.port));
  });
}
