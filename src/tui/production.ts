/**
 * React and Ink in production mode unless asked otherwise: development mode checks
 * every render and costs the console most of its frame time. Imported first by run.ts
 * (and the bench), so it runs before React is loaded when modules load one by one; the
 * bundled binary sets it in src/cli.ts before it loads the console.
 */
process.env.NODE_ENV ??= "production";
