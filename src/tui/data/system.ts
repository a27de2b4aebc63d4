/**
 * What the console asks of the machine besides the cluster: a clipboard program and
 * the user's editor. Both are found once, at start.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Copies text, or is absent when no clipboard program exists here. */
export type Clipboard = (text: string) => boolean;

function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    try {
      fs.accessSync(path.join(dir, program), fs.constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/** The first clipboard program this machine has: pbcopy, wl-copy (Wayland), xclip or xsel (X11), clip.exe (WSL). */
export function findClipboard(env: NodeJS.ProcessEnv = process.env): Clipboard | undefined {
  const candidates: { program: string; args: string[]; needs?: string }[] = [
    { program: "pbcopy", args: [] },
    { program: "wl-copy", args: [], needs: "WAYLAND_DISPLAY" },
    { program: "xclip", args: ["-selection", "clipboard"], needs: "DISPLAY" },
    { program: "xsel", args: ["--clipboard", "--input"], needs: "DISPLAY" },
    { program: "clip.exe", args: [] },
  ];
  for (const c of candidates) {
    if (c.needs && !env[c.needs]) continue;
    if (!onPath(c.program, env)) continue;
    return (text) => spawnSync(c.program, c.args, { input: text, stdio: ["pipe", "ignore", "ignore"], timeout: 2000 }).status === 0;
  }
  return undefined;
}

/** The editor command: $KUBE_EDITOR, $EDITOR, else vi (as kubectl edit chooses). */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBE_EDITOR || env.EDITOR || "vi";
}

/**
 * Opens `text` in the editor and returns what was saved. Runs synchronously with the
 * terminal handed over to the editor; the caller suspends the console around it.
 */
export function editText(text: string, env: NodeJS.ProcessEnv = process.env, name = "kdeck-edit"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kdeck-edit-"));
  const file = path.join(dir, `${name.replace(/[^a-zA-Z0-9._-]/g, "_")}.yaml`);
  try {
    fs.writeFileSync(file, text, { mode: 0o600 });
    // The editor may carry arguments (`code --wait`): run it through the shell, as kubectl does.
    const r = spawnSync(`${editorCommand(env)} "${file}"`, { shell: true, stdio: "inherit", env });
    if (r.error) throw new Error(`cannot run the editor (${editorCommand(env)}): ${r.error.message}`);
    if (r.status !== 0) throw new Error(`the editor (${editorCommand(env)}) exited with status ${r.status}; nothing was applied`);
    return fs.readFileSync(file, "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
