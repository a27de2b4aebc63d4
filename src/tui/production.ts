/**
 * React and Ink in production mode unless asked otherwise: development mode checks
 * every render and costs the console most of its frame time. Imported first by run.ts,
 * so it runs before React is loaded.
 */
process.env.NODE_ENV ??= "production";
