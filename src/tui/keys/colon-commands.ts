/**
 * What the `:` prompt understands besides kinds, as data: the help screen, the README
 * and completion read it. Kinds and their aliases come from the kind registry.
 */
export interface ColonCommand {
  /** The names it answers to; the first is the one completion offers. */
  names: readonly string[];
  /** Argument shape, for help. */
  args?: string;
  description: string;
}

export const COLON_COMMANDS: readonly ColonCommand[] = [
  { names: ["workloads", "wl"], description: "the Workloads pane's default: every workload kind the cluster serves" },
  { names: ["nodes", "node", "no"], description: "focus the Nodes pane" },
  { names: ["events", "event", "ev"], description: "focus the Events pane" },
  { names: ["ns", "namespace", "namespaces"], args: "[NAME]", description: "switch to namespace NAME (`all` for every one); without NAME, list namespaces" },
  { names: ["logs", "log"], args: "-l SELECTOR | POD", description: "tail pods by label selector, or one pod, in the Logs pane" },
  { names: ["map"], description: "every node as a box of its pods, coloured by status" },
  { names: ["pulse"], description: "counts and sparklines over the last minutes of virtual time" },
  { names: ["help"], description: "every key" },
  { names: ["quit", "q"], description: "quit" },
];

/** Any kind the registry serves, by plural, singular or short name (`:po`, `:svc`, `:cm`), shows in the Workloads pane. */
export const KIND_COMMAND_HELP = "KIND [FILTER]";
