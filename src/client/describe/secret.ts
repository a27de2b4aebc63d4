/** `kubectl describe secret`: the keys and their sizes, never the values. */
import type { Secret } from "kubernetes-types/core/v1";
import { printAnnotationsMultiline, printLabelsMultiline } from "./common.js";
import { LEVEL_0, PrefixWriter } from "./prefix-writer.js";

const SERVICE_ACCOUNT_TOKEN_TYPE = "kubernetes.io/service-account-token";

/**
 * Name, namespace, labels, annotations, type, then `key:  N bytes` for each data key
 * in sorted order (the decoded size); a service account token's `token` is shown, as
 * kubectl does. kubectl prints no events for a Secret.
 */
export function describeSecret(secret: Secret): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${secret.metadata?.name ?? ""}\n`);
  w.write(LEVEL_0, `Namespace:\t${secret.metadata?.namespace ?? ""}\n`);
  printLabelsMultiline(w, "Labels", secret.metadata?.labels);
  printAnnotationsMultiline(w, "Annotations", secret.metadata?.annotations);
  w.write(LEVEL_0, `\nType:\t${secret.type ?? ""}\n`);
  w.write(LEVEL_0, "\nData\n====\n");
  const data = secret.data ?? {};
  for (const key of Object.keys(data).sort()) {
    const bytes = Buffer.from(data[key] ?? "", "base64");
    if (key === "token" && secret.type === SERVICE_ACCOUNT_TOKEN_TYPE) w.write(LEVEL_0, `${key}:\t${bytes.toString("utf8")}\n`);
    else w.write(LEVEL_0, `${key}:\t${bytes.length} bytes\n`);
  }
  return w.toString();
}
