/**
 * The syntax tree of the shell subset kdeck's simulated containers run: POSIX sh's
 * lists, pipelines, `if`/`while`/`until`/`for`/`case`, groups, functions, redirections
 * and word expansions. Nodes are plain data so a parsed script can be cached and
 * shared between every instance of a container.
 */

/** One piece of a word. `quoted` parts are neither field-split nor globbed. */
export type WordPart =
  | { readonly kind: "lit"; readonly text: string; readonly quoted: boolean }
  | { readonly kind: "param"; readonly name: string; readonly op?: ParamOp; readonly arg?: Word; readonly quoted: boolean }
  | { readonly kind: "cmd"; readonly script: Script; readonly quoted: boolean }
  | { readonly kind: "arith"; readonly expr: Word; readonly quoted: boolean };

/** `${x:-d}`, `${x-d}`, `${x:=d}`, `${x:+a}`, `${#x}`, `${x#p}`, `${x##p}`, `${x%p}`, `${x%%p}`. */
export type ParamOp = ":-" | "-" | ":=" | "=" | ":+" | "+" | ":?" | "?" | "len" | "#" | "##" | "%" | "%%";

export interface Word {
  readonly parts: readonly WordPart[];
}

export interface Redirect {
  readonly fd: number;
  readonly op: ">" | ">>" | "<" | ">&" | "<&" | "<<";
  readonly target: Word;
}

export interface Assignment {
  readonly name: string;
  readonly value: Word;
}

export type Command =
  | { readonly kind: "simple"; readonly assigns: readonly Assignment[]; readonly words: readonly Word[]; readonly redirs: readonly Redirect[] }
  | { readonly kind: "if"; readonly clauses: readonly { cond: Script; body: Script }[]; readonly otherwise?: Script; readonly redirs: readonly Redirect[] }
  | { readonly kind: "loop"; readonly until: boolean; readonly cond: Script; readonly body: Script; readonly redirs: readonly Redirect[] }
  | { readonly kind: "for"; readonly name: string; readonly items?: readonly Word[]; readonly body: Script; readonly redirs: readonly Redirect[] }
  | { readonly kind: "case"; readonly word: Word; readonly items: readonly { patterns: readonly Word[]; body: Script }[]; readonly redirs: readonly Redirect[] }
  | { readonly kind: "group"; readonly body: Script; readonly subshell: boolean; readonly redirs: readonly Redirect[] }
  | { readonly kind: "func"; readonly name: string; readonly body: Command };

export interface Pipeline {
  readonly negate: boolean;
  readonly commands: readonly Command[];
}

export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly { op: "&&" | "||"; pipeline: Pipeline }[];
  /** Ended by `&`: kdeck runs it in the foreground (see interpreter.ts). */
  readonly background: boolean;
}

export type Script = readonly AndOr[];
