/**
 * Word wrapping exactly as kubectl explain does it (github.com/mitchellh/go-wordwrap):
 * break at whitespace so lines stay within `limit` characters, keep existing newlines,
 * and put a word longer than the limit (a URL) on a line of its own rather than split it.
 */
export function wrapString(s: string, limit: number): string {
  let out = "";
  let current = 0;
  let word = "";
  let wordLen = 0;
  let space = "";
  let spaceLen = 0;

  for (const ch of s) {
    if (ch === "\n") {
      if (wordLen === 0) {
        if (current + spaceLen > limit) {
          current = 0;
        } else {
          current += spaceLen;
          out += space;
        }
        space = "";
        spaceLen = 0;
      } else {
        current += spaceLen + wordLen;
        out += space + word;
        space = "";
        spaceLen = 0;
        word = "";
        wordLen = 0;
      }
      out += ch;
      current = 0;
    } else if (/\s/.test(ch) && ch !== "\u00a0") {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = "";
        spaceLen = 0;
        word = "";
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > limit && wordLen < limit) {
        out += "\n";
        current = 0;
        space = "";
        spaceLen = 0;
      }
    }
  }

  if (wordLen === 0) {
    if (current + spaceLen <= limit) out += space;
  } else {
    out += space + word;
  }
  return out;
}

/** kubectl's template `indent`: pads the first line and every line after a newline. */
export function indent(amount: number, s: string): string {
  const pad = " ".repeat(amount);
  return pad + s.split("\n").join(`\n${pad}`);
}
