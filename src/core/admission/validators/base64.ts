/**
 * Base64 as the API server decodes `[]byte` fields (Secret `data`, ConfigMap
 * `binaryData`): Go's padded standard encoding, newlines ignored. A value it would
 * refuse gets Go's message, `illegal base64 data at input byte 4`.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALID = new Set(ALPHABET);

/** Go's decoding error for `s`, or `undefined` when it decodes. */
export function base64Error(s: string): string | undefined {
  const at = corruptAt(s);
  return at === undefined ? undefined : `illegal base64 data at input byte ${at}`;
}

/** The decoded length of a valid value (what counts towards the 1 MiB limit). */
export function base64DecodedLength(s: string): number {
  return Buffer.from(s.replace(/[\r\n]/g, ""), "base64").length;
}

/** Go's `decodeQuantum` loop: the offset of the first byte it cannot accept. */
function corruptAt(src: string): number | undefined {
  let si = 0;
  while (si < src.length || si === 0) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return si - j;
      }
      const c = src[si]!;
      si++;
      if (VALID.has(c)) continue;
      if (c === "\n" || c === "\r") {
        j--;
        continue;
      }
      if (c !== "=") return si - 1;
      // Padding: only after two or three symbols of a quantum.
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < src.length && (src[si] === "\n" || src[si] === "\r")) si++;
        if (si === src.length) return src.length;
        if (src[si] !== "=") return si - 1;
        si++;
      }
      while (si < src.length && (src[si] === "\n" || src[si] === "\r")) si++;
      return si < src.length ? si : undefined;
    }
    if (si === src.length) return undefined;
  }
  return undefined;
}
