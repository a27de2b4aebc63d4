import type { KubeObject } from "../../api/object.js";
import type { DefaultingContext } from "../kind-admission.js";
import { isRecord } from "../validators/values.js";

/**
 * A Secret as Kubernetes stores it: type Opaque when none is given, and `stringData`
 * folded into `data` (base64 of its UTF-8 bytes, winning over a `data` entry of the
 * same key) and dropped, since the API never returns it.
 */
export function defaultSecret(obj: KubeObject, _ctx: DefaultingContext): void {
  const secret = obj as KubeObject & { type?: string; data?: Record<string, string>; stringData?: Record<string, string> };
  if (!secret.type) secret.type = "Opaque";
  if ("stringData" in secret) {
    if (isRecord(secret.stringData)) {
      const data = isRecord(secret.data) ? secret.data : {};
      for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(String(v ?? ""), "utf8").toString("base64");
      if (Object.keys(data).length) secret.data = data;
    }
    delete secret.stringData;
  }
}
