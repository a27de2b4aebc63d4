import type { Command } from "commander";
import { parseBoolFlag } from "./flags.js";

/**
 * Lets a command's plain boolean flags also take pflag's `--flag=true|false`
 * (`kubectl logs nginx --all-containers=true`, as the Kubernetes docs write it) while a
 * bare `--flag` never swallows the argument after it (`logs --prefix nginx`), which an
 * optional-value option (`--flag [bool]`) would.
 *
 * Commander has no hook for this, so the command's own option parsing is wrapped:
 * before `--`, `--flag=VALUE` for one of its boolean flags becomes `--flag` (true)
 * or nothing (false, every such flag's default). A value that is not a Go boolean fails
 * with pflag's message.
 */
export function acceptBoolValues(cmd: Command): Command {
  const parse = cmd.parseOptions.bind(cmd);
  cmd.parseOptions = (argv: string[]) => parse(rewriteBoolValues(cmd, argv));
  return cmd;
}

function rewriteBoolValues(cmd: Command, argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const m = /^(--[^=]+)=(.*)$/.exec(arg);
    const flag = m ? cmd.options.find((o) => o.long === m[1] && !o.required && !o.optional && !o.negate) : undefined;
    if (!m || !flag) {
      out.push(arg);
      continue;
    }
    let value: boolean;
    try {
      value = parseBoolFlag(m[2]!);
    } catch (e) {
      cmd.error(`error: invalid argument "${m[2]}" for "${m[1]}" flag: ${(e as Error).message}`, { code: "commander.invalidArgument", exitCode: 2 });
    }
    if (value) out.push(m[1]!);
  }
  return out;
}
