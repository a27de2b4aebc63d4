/**
 * `kdeck exec -it POD -- sh`: the interactive shell, shared with the console's `s` from
 * src/client/shell (the REPL and its terminal loop live there so that both faces use
 * one implementation without the console importing a command).
 */
export { HISTORY_SIZE, runInteractiveShell, ShellRepl, type ShellStep, type ShellTerminal } from "../client/shell/repl.js";
