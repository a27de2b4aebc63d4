import { isIP } from "node:net";
import { isDNS1123Subdomain, maxLenError, regexError, type ValidateNameFunc } from "./formats.js";

/**
 * The formats of apimachinery's `util/validation` that Services, Ingresses and
 * EndpointSlices use beyond the common ones in formats.ts, with Kubernetes' messages.
 */

const DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_ERR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const WILDCARD_DNS1123_SUBDOMAIN_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
const WILDCARD_DNS1123_SUBDOMAIN = new RegExp(`^${WILDCARD_DNS1123_SUBDOMAIN_FMT}$`);
const WILDCARD_DNS1123_SUBDOMAIN_ERR =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

/** A DNS-1035 label: Service names, which become DNS names and environment variables. */
export function isDNS1035Label(value: string): string[] {
  const v = String(value);
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL.test(v)) errs.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, "my-name", "abc-123"));
  return errs;
}

/** Service names (`ValidateServiceName`): DNS-1035 labels; a generateName prefix may end in a dash. */
export const nameIsDNS1035Label: ValidateNameFunc = (name, prefix) =>
  isDNS1035Label(prefix && name.length > 1 && name.endsWith("-") ? `${name.slice(0, -1)}a` : name);

/** `*.example.com`: Ingress hosts may start with one wildcard label. */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const v = String(value);
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!WILDCARD_DNS1123_SUBDOMAIN.test(v)) errs.push(regexError(WILDCARD_DNS1123_SUBDOMAIN_ERR, WILDCARD_DNS1123_SUBDOMAIN_FMT, "*.example.com"));
  return errs;
}

/** An ExternalName: a DNS subdomain, a trailing dot allowed (a fully qualified name). */
export function isExternalName(value: string): string[] {
  const v = value.endsWith(".") ? value.slice(0, -1) : value;
  return isDNS1123Subdomain(v);
}

/** True for an IPv4 address in dotted-quad form. */
export function isIPv4(value: string): boolean {
  return isIP(String(value)) === 4;
}

/** `must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)` when the value is not one. */
export function ipAddressErrors(value: string): string[] {
  return isIP(String(value)) ? [] : ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"];
}
