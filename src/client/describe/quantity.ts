/**
 * Resource quantities as describe prints them: the engine's exact quantities
 * (apimachinery's canonical `Quantity.String()` and Go's `Add`), shared with the CLI
 * and the console from here.
 */
export * from "../../core/amount.js";
