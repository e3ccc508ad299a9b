/** A value that survives `JSON.stringify` / `JSON.parse` unchanged: what a session store keeps. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A plain JSON object. */
export type JsonObject = { [key: string]: JsonValue };
