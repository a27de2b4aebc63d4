import type { ImageRef } from "../images.js";
import { IMAGES } from "./images.js";
import { PROGRAMS } from "./programs.js";
import type { CatalogueImage, CatalogueProgram } from "./types.js";

export type { CatalogueImage, CatalogueProgram, LogSpec, Usage } from "./types.js";
export { PI_2000 } from "./pi.js";

/** `1.{0-29}`, `{a,b}` and `*` as a regular expression. */
function tagPattern(p: string): string {
  let re = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "*") re += "[A-Za-z0-9._-]+";
    else if (c === "{") {
      const end = p.indexOf("}", i);
      const body = p.slice(i + 1, end);
      const range = /^(\d+)-(\d+)$/.exec(body);
      if (range) {
        const alts: string[] = [];
        for (let n = Number(range[1]); n <= Number(range[2]); n++) alts.push(String(n));
        re += `(?:${alts.join("|")})`;
      } else re += `(?:${body.split(",").map(escape).join("|")})`;
      i = end;
    } else re += escape(c);
  }
  return re;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface Compiled {
  image: CatalogueImage;
  tag: RegExp;
}

const BY_REPOSITORY = new Map<string, Compiled>(
  IMAGES.map((image) => {
    const variants = (image.variants ?? []).map(escape);
    const bare = (image.variants ?? []).map((v) => escape(v.replace(/^-/, "")));
    const tags = image.tags.map(tagPattern).join("|");
    const re = new RegExp(`^(?:(?:${tags})${variants.length ? `(?:${variants.join("|")})?` : ""}${bare.length ? `|${bare.join("|")}` : ""})$`);
    return [image.repository, { image, tag: re }];
  }),
);

/** What the catalogue says of an image reference. */
export interface CatalogueLookup {
  /** The catalogue's entry, when it knows the repository. */
  image?: CatalogueImage;
  /** False for a known repository whose tag does not exist. Digests always exist. */
  exists: boolean;
  userland: "busybox" | "gnu";
}

export function lookupImage(ref: ImageRef): CatalogueLookup {
  const entry = BY_REPOSITORY.get(ref.repository);
  if (!entry) return { exists: true, userland: "gnu" };
  const exists = ref.tag === undefined || entry.tag.test(ref.tag);
  const userland = ref.tag?.includes("alpine") ? "busybox" : entry.image.userland;
  return { image: entry.image, exists, userland };
}

/** The version an image tag names, for log lines (`nginx/1.25.0`). */
export function tagVersion(ref: ImageRef, fallback = "1.27.3"): string {
  const m = /^(\d+(?:\.\d+){0,2})/.exec(ref.tag ?? "");
  if (!m) return fallback;
  const parts = m[1]!.split(".");
  while (parts.length < 3) parts.push("0");
  return parts.join(".");
}

/** A program found for an argv: its catalogue entry and the argv it runs with. */
export interface ProgramMatch {
  name: string;
  program: CatalogueProgram;
  argv: readonly string[];
}

/**
 * The catalogue program an argv runs, following entrypoint wrappers
 * (`docker-entrypoint.sh redis-server` runs redis-server; `/agnhost liveness` is an
 * agnhost subcommand). `defaultProgram` is the image's own program, for
 * `docker-entrypoint.sh --port 6380`.
 */
export function lookupProgram(argv: readonly string[], defaultProgram?: string): ProgramMatch | undefined {
  if (argv.length === 0) return undefined;
  const base = basename(argv[0]!);
  if (base === "docker-entrypoint.sh" || base === "tini" || base === "dumb-init") {
    const rest = argv.slice(base === "tini" && argv[1] === "--" ? 2 : 1);
    if (rest.length === 0 || rest[0]!.startsWith("-")) return defaultProgram ? lookupProgram([defaultProgram, ...rest]) : undefined;
    return lookupProgram(rest, defaultProgram);
  }
  if (base === "agnhost") {
    const sub = `agnhost ${argv[1] ?? "pause"}`;
    const program = PROGRAMS[sub];
    return program ? { name: sub, program, argv } : undefined;
  }
  const name = canonical(base);
  const program = PROGRAMS[name];
  return program ? { name, program, argv } : undefined;
}

/** `perl5.40.0` is perl, `python3.12` python3, `/pause` pause. */
function canonical(base: string): string {
  if (/^perl[\d.]*$/.test(base)) return "perl";
  if (/^python[\d.]*$/.test(base)) return "python3";
  if (base === "nodejs") return "node";
  return base;
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The name of the program an image runs by default (for entrypoint wrappers). */
export function defaultProgramOf(image: CatalogueImage | undefined): string | undefined {
  if (!image) return undefined;
  const found = image.entrypoint.map(basename).find((b) => b !== "docker-entrypoint.sh" && PROGRAMS[canonical(b)]);
  return found && canonical(found);
}
