/** Label selectors as the CLI and the console print them (the engine's own formatter). */
export { labelSelectorText } from "../core/labels/selector.js";
