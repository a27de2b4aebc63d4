import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { stringify } from "yaml";
import { SERVER_VERSION } from "../client/open.js";
import { println, UsageError, type CommandContext } from "./context.js";

/** kubectl's version.Info, for `-o json|yaml`. */
interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  platform: string;
}

/** This package's version, from the package.json above the running module (src/ and dist/src/ alike). */
export function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "kdeck" && pkg.version) return pkg.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return "0.0.0";
    dir = parent;
  }
}

function info(gitVersion: string): VersionInfo {
  const [major = "0", minor = "0"] = gitVersion.replace(/^v/, "").split(".");
  return { major, minor, gitVersion, platform: `${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}` };
}

/**
 * `kdeck version [--client] [-o json|yaml]`. The server is the engine compiled into
 * this binary, so its version needs no cluster (and opening none creates no database).
 */
export function registerVersion(program: Command, ctx: CommandContext): void {
  program
    .command("version")
    .summary("Print the client and server version information")
    .description("Print the client and server version information.")
    .option("--client", "shows client version only")
    .option("-o, --output <format>", "one of 'yaml' or 'json'")
    .action((opts: { client?: boolean; output?: string }) => {
      const client = info(`v${packageVersion()}`);
      const server = info(SERVER_VERSION);
      const doc = { clientVersion: client, ...(opts.client ? {} : { serverVersion: server }) };
      switch (opts.output) {
        case undefined:
        case "":
          println(ctx.io.stdout, `Client Version: kdeck ${client.gitVersion}`);
          if (!opts.client) println(ctx.io.stdout, `Server Version: ${server.gitVersion} (kdeck embedded engine)`);
          return;
        case "json":
          println(ctx.io.stdout, JSON.stringify(doc, null, 2));
          return;
        case "yaml":
          ctx.io.stdout.write(stringify(doc));
          return;
        default:
          throw new UsageError(`--output must be 'yaml' or 'json'`, "version");
      }
    });
}
