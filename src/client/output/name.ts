/** `-o name`: one `resource/name` line per object (`pod/nginx`, `deployment.apps/web`). */
import type { KubeObject } from "../../core/api/object.js";

/**
 * kubectl's name printer. `resourceFor` gives the lower-case kind with its group
 * (`pod`, `deployment.apps`), as kubectl writes it.
 */
export function formatName(objects: readonly KubeObject[], resourceFor: (o: KubeObject) => string): string {
  return objects.map((o) => `${resourceFor(o)}/${o.metadata.name ?? ""}\n`).join("");
}
