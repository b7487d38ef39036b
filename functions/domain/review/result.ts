/** Errors as values: short Chinese messages a user can act on. */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: string[] };
