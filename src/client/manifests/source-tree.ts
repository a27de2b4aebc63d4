/** A 1-based line and column in a manifest file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Where a decoded value sits in its file, mirroring the value's shape: an object's
 * fields (with the position of each key), an array's items. Kept beside the
 * decoded JSON so errors about a field can point at the line that set it.
 */
export interface SourceNode extends SourcePosition {
  fields?: Map<string, { key: SourcePosition; value: SourceNode }>;
  items?: SourceNode[];
}

/** One step of a field path: `.name` or `[key]` (`[0]` is an index into a list). */
type PathStep = { field: string } | { bracket: string };

/**
 * Splits a field path as Kubernetes prints it (`spec.containers[0].image`,
 * `metadata.labels[app.kubernetes.io/name]`) into steps.
 */
export function parseFieldPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      i++;
    } else if (c === "[") {
      const end = path.indexOf("]", i + 1);
      const stop = end < 0 ? path.length : end;
      steps.push({ bracket: path.slice(i + 1, stop) });
      i = stop + 1;
    } else {
      let j = i;
      while (j < path.length && path[j] !== "." && path[j] !== "[") j++;
      steps.push({ field: path.slice(i, j) });
      i = j;
    }
  }
  return steps;
}

/**
 * The position of `fieldPath` in a document: a field's key, a list item's start.
 * Walks as far as the document goes and answers with the nearest ancestor that
 * exists, so a missing `spec.containers[0].image` points at the container.
 */
export function locateField(root: SourceNode, fieldPath: string): SourcePosition {
  let node: SourceNode = root;
  let best: SourcePosition = root;
  for (const step of parseFieldPath(fieldPath)) {
    const name = "field" in step ? step.field : step.bracket;
    if ("bracket" in step && node.items && /^[0-9]+$/.test(name)) {
      const item = node.items[Number(name)];
      if (!item) break;
      best = item;
      node = item;
      continue;
    }
    const entry = node.fields?.get(name);
    if (!entry) break;
    best = entry.key;
    node = entry.value;
  }
  return { line: best.line, column: best.column };
}
