/**
 * How kubectl's YAML writer (sigs.k8s.io/yaml over go-yaml v2) writes one string:
 * which quoting style it picks, and where it folds lines longer than 80 columns.
 * `yaml.ts` lays out maps and lists with the `yaml` package and asks this module for
 * every string, so `-o yaml` reads the way kubectl's does (`"2024-01-01T00:00:00Z"`,
 * `'0/3 nodes are available: …'`, `|-` blocks).
 */

type Style = "plain" | "single" | "double" | "literal";

/** go-yaml's best_width. */
const BEST_WIDTH = 80;

const YAML11_MAP = new Set([
  "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
  "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
  "", "~", "null", "Null", "NULL",
  ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMPS = [
  /^\d{4}-\d{1,2}-\d{1,2}$/,
  /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d*)?(Z|[+-]\d{2}:\d{2})$/,
  /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d*)?$/,
];

/** True when go-yaml would read the unquoted text as something other than a string. */
function resolvesToNonString(s: string): boolean {
  const first = s[0] ?? "";
  if (s === "" || ("yYnNtTfFoO~.+-".includes(first) || (first >= "0" && first <= "9"))) {
    if (YAML11_MAP.has(s)) return true;
  }
  if (first === ".") return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (first === "+" || first === "-" || (first >= "0" && first <= "9")) {
    if (TIMESTAMPS.some((re) => re.test(s))) return true;
    const plain = s.replace(/_/g, "");
    if (GO_INT.test(plain)) return true;
    if (YAML_STYLE_FLOAT.test(plain)) return true;
    if (/^-0b[01]+$/.test(plain)) return true;
  }
  return false;
}

const isBreak = (c: string): boolean => c === "\n" || c === "\r" || c === "\u0085" || c === "\u2028" || c === "\u2029";
const isBlank = (c: string | undefined): boolean => c === " " || c === "\t";

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  // go-yaml tests UTF-8 bytes: NEL and characters outside the BMP count as non-printable.
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** go-yaml's yaml_emitter_analyze_scalar, for block context. */
function analyze(value: string): Analysis {
  if (value.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = [...value];
  let blockIndicators = value.startsWith("---") || value.startsWith("...");
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(c)) blockIndicators = true;
      else if ((c === "?" || c === ":" || c === "-") && followedByWhitespace) blockIndicators = true;
    } else if (c === ":" && followedByWhitespace) {
      blockIndicators = true;
    } else if (c === "#" && precededByWhitespace) {
      blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (c === " ") {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

/** The style go-yaml's encoder picks, then its emitter downgrades when the text needs it. */
function chooseStyle(value: string, simpleKey: boolean): Style {
  const canUsePlain = !resolvesToNonString(value) && !BASE60_FLOAT.test(value);
  let style: Style = value.includes("\n") ? "literal" : canUsePlain ? "plain" : "double";
  const a = analyze(value);
  if (simpleKey && a.multiline) style = "double";
  if (style === "plain" && !a.blockPlainAllowed) style = "single";
  if (style === "single" && !a.singleQuotedAllowed) style = "double";
  if (style === "literal" && (!a.blockAllowed || simpleKey)) style = "double";
  return style;
}

/** Where a scalar starts and how its folded continuation lines are indented. */
export interface ScalarPosition {
  /** Column of the scalar's first character (characters already on the line). */
  column: number;
  /** Indentation of continuation lines and block-scalar content. */
  indent: number;
  /** A mapping key: never folded, never a block scalar. */
  simpleKey: boolean;
}

class Line {
  text = "";
  column: number;
  constructor(column: number, private readonly indent: number) {
    this.column = column;
  }
  put(s: string): void {
    this.text += s;
    this.column += [...s].length;
  }
  newline(): void {
    this.text += `\n${" ".repeat(this.indent)}`;
    this.column = this.indent;
  }
}

function writePlain(value: string, at: ScalarPosition): string {
  const w = new Line(at.column, at.indent);
  const chars = [...value];
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === " ") {
      if (!at.simpleKey && !spaces && w.column > BEST_WIDTH && chars[i + 1] !== " ") w.newline();
      else w.put(c);
      spaces = true;
    } else {
      w.put(c);
      spaces = false;
    }
  }
  return w.text;
}

function writeSingleQuoted(value: string, at: ScalarPosition): string {
  const w = new Line(at.column, at.indent);
  w.put("'");
  const chars = [...value];
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === " ") {
      if (!at.simpleKey && !spaces && w.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== " ") w.newline();
      else w.put(c);
      spaces = true;
    } else {
      w.put(c === "'" ? "''" : c);
      spaces = false;
    }
  }
  w.put("'");
  return w.text;
}

const DOUBLE_ESCAPES: Record<number, string> = {
  0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r",
  0x1b: "e", 0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
};

function escapeDouble(c: string): string {
  const cp = c.codePointAt(0)!;
  const short = DOUBLE_ESCAPES[cp];
  if (short !== undefined) return `\\${short}`;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `\\x${hex.padStart(2, "0")}`;
  if (cp <= 0xffff) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}

function writeDoubleQuoted(value: string, at: ScalarPosition): string {
  const w = new Line(at.column, at.indent);
  w.put('"');
  const chars = [...value];
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!isPrintable(c) || c === "\ufeff" || isBreak(c) || c === '"' || c === "\\") {
      w.put(escapeDouble(c));
      spaces = false;
    } else if (c === " ") {
      if (!at.simpleKey && !spaces && w.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        w.newline();
        if (chars[i + 1] === " ") w.put("\\");
      } else {
        w.put(c);
      }
      spaces = true;
    } else {
      w.put(c);
      spaces = false;
    }
  }
  w.put('"');
  return w.text;
}

function writeLiteral(value: string, at: ScalarPosition): string {
  let hints = "";
  if (value.startsWith(" ") || value.startsWith("\n")) hints += "2";
  if (!value.endsWith("\n")) hints += "-";
  else if (value.length === 1 || value.endsWith("\n\n")) hints += "+";
  const pad = " ".repeat(at.indent);
  const body = value.endsWith("\n") ? value.slice(0, -1) : value;
  const lines = body.split("\n").map((l) => (l ? pad + l : ""));
  return `|${hints}\n${lines.join("\n")}`;
}

/**
 * One string as go-yaml v2 writes it at `at`: plain, 'single', "double" or a `|`
 * block, folded at spaces once a line passes 80 columns. A block scalar's text ends
 * without its final newline: the caller's line end supplies it.
 */
export function emitYamlString(value: string, at: ScalarPosition): string {
  switch (chooseStyle(value, at.simpleKey)) {
    case "plain":
      return writePlain(value, at);
    case "single":
      return writeSingleQuoted(value, at);
    case "double":
      return writeDoubleQuoted(value, at);
    case "literal":
      return writeLiteral(value, at);
  }
}
