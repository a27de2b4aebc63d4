/**
 * apimachinery's name and value checks, for commands that validate their arguments as
 * kubectl does before sending anything (`kubectl taint`'s key and value, `label`'s value).
 * Each returns the messages of what is wrong, none when the value is fine.
 */
export { isQualifiedName, isValidLabelValue } from "../core/admission/validators/formats.js";
