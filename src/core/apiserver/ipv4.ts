/** IPv4 addresses as unsigned 32-bit numbers, for the allocators' arithmetic. */

/** `10.96.0.1` → 174063617; undefined for anything that is not a dotted quad. */
export function parseIPv4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

/** 174063617 → `10.96.0.1`. */
export function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** An inclusive range `172.18.255.200-172.18.255.250` (or a CIDR), as numbers. */
export function parseIPv4Range(text: string): { first: number; last: number } | undefined {
  const t = text.trim();
  const dash = t.indexOf("-");
  if (dash >= 0) {
    const first = parseIPv4(t.slice(0, dash).trim());
    const last = parseIPv4(t.slice(dash + 1).trim());
    return first !== undefined && last !== undefined && first <= last ? { first, last } : undefined;
  }
  const m = /^([^/]+)\/(\d{1,2})$/.exec(t);
  if (m) {
    const base = parseIPv4(m[1]!);
    const bits = Number(m[2]);
    if (base === undefined || bits > 32) return undefined;
    const size = 2 ** (32 - bits);
    const first = Math.floor(base / size) * size;
    return { first, last: first + size - 1 };
  }
  const single = parseIPv4(t);
  return single === undefined ? undefined : { first: single, last: single };
}
