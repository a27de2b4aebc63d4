/**
 * `$(( … ))`: the shell's integer arithmetic, as a small Pratt parser over the text
 * once its `$` expansions are done. Bare names read (and `=`, `+=`, `++` write) shell
 * variables; an unset or non-numeric one is 0.
 */
export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

export class ArithError extends Error {}

const BINARY: Record<string, number> = {
  "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7,
  "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
};
const ASSIGN = new Set(["=", "+=", "-=", "*=", "/=", "%="]);

export function evalArith(text: string, vars: ArithVars): number {
  const tokens = text.match(/\s*(\d+|[A-Za-z_][A-Za-z0-9_]*|\+\+|--|\|\||&&|==|!=|<=|>=|<<|>>|[+\-*/%]=|[-+*/%()<>!~?:=&|^])/g) ?? [];
  const joined = tokens.join("").replace(/\s+/g, "");
  if (joined.length !== text.replace(/\s+/g, "").length) throw new ArithError(`arithmetic syntax error`);
  const toks = tokens.map((t) => t.trim());
  let i = 0;
  const peek = () => toks[i];
  const next = () => toks[i++];
  const num = (name: string) => {
    const v = vars.get(name);
    const n = Number.parseInt(v ?? "0", 10);
    return Number.isNaN(n) ? 0 : n;
  };

  const unary = (): number => {
    const t = next();
    if (t === undefined) throw new ArithError("arithmetic syntax error");
    if (t === "(") {
      const v = expr(0);
      if (next() !== ")") throw new ArithError("arithmetic syntax error");
      return v;
    }
    if (t === "-") return -unary();
    if (t === "+") return unary();
    if (t === "!") return unary() ? 0 : 1;
    if (t === "~") return ~unary();
    if (t === "++" || t === "--") {
      const name = next() ?? "";
      const v = num(name) + (t === "++" ? 1 : -1);
      vars.set(name, String(v));
      return v;
    }
    if (/^\d+$/.test(t)) return Number.parseInt(t, 10);
    if (/^[A-Za-z_]/.test(t)) {
      const op = peek();
      if (op !== undefined && ASSIGN.has(op)) {
        next();
        const rhs = expr(0);
        const cur = num(t);
        const v = op === "=" ? rhs : binary(op.slice(0, 1), cur, rhs);
        vars.set(t, String(v));
        return v;
      }
      if (op === "++" || op === "--") {
        next();
        const v = num(t);
        vars.set(t, String(v + (op === "++" ? 1 : -1)));
        return v;
      }
      return num(t);
    }
    throw new ArithError(`arithmetic syntax error`);
  };

  const expr = (minPrec: number): number => {
    let left = unary();
    for (;;) {
      const op = peek();
      if (op === "?" && minPrec === 0) {
        next();
        const a = expr(0);
        if (next() !== ":") throw new ArithError("arithmetic syntax error");
        const b = expr(0);
        left = left ? a : b;
        continue;
      }
      const prec = op !== undefined ? BINARY[op] : undefined;
      if (prec === undefined || prec < minPrec) break;
      next();
      const right = expr(prec + 1);
      left = binary(op!, left, right);
    }
    return left;
  };

  const value = toks.length === 0 ? 0 : expr(0);
  if (i < toks.length) throw new ArithError(`arithmetic syntax error`);
  return value;
}

function binary(op: string, a: number, b: number): number {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/":
    case "%":
      if (b === 0) throw new ArithError("divide by zero");
      return op === "/" ? Math.trunc(a / b) : a % b;
    case "<": return a < b ? 1 : 0;
    case ">": return a > b ? 1 : 0;
    case "<=": return a <= b ? 1 : 0;
    case ">=": return a >= b ? 1 : 0;
    case "==": return a === b ? 1 : 0;
    case "!=": return a !== b ? 1 : 0;
    case "&&": return a && b ? 1 : 0;
    case "||": return a || b ? 1 : 0;
    case "&": return a & b;
    case "|": return a | b;
    case "^": return a ^ b;
    case "<<": return a << b;
    case ">>": return a >> b;
    default: throw new ArithError("arithmetic syntax error");
  }
}

/** A shell glob (`*`, `?`, `[…]`) as an anchored regular expression. */
export function globToRegExp(glob: string, anchored = true): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < glob.length) re += glob[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(anchored ? `^${re}$` : re, "s");
}
