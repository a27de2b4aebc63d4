/** A table row as presenters produce it and the Table component draws it. */
import type { KubeObject } from "../../client/cluster.js";
import type { Tone } from "./tone.js";

export interface Row {
  /** Stable identity: `namespace/name`, a node name, `pod/container`. */
  key: string;
  cells: string[];
  tone: Tone;
  /** Tones of single cells (bars), overriding the row's. */
  cellTones?: readonly (Tone | undefined)[];
  /** The object it shows (container rows have their pod's). */
  object?: KubeObject;
  /** Marked with `space`. */
  marked?: boolean;
}
