/**
 * The registry of kinds as the CLI and the console see it: they resolve what a user
 * typed (`po`, `deploy.apps`) and name objects the way kubectl does, without reaching
 * into the engine.
 */
export {
  KINDS,
  NOT_YET_SERVED,
  RegistryError,
  apiVersionOf,
  editDistance,
  kindForObject,
  kindForResource,
  resolveResourceArg,
  resourceOf,
  type KindInfo,
} from "../core/api/registry.js";
export { asKind } from "../core/api/object.js";
