// Splitting a list into the pieces one statement takes (ids per IN list, rows per INSERT).

/** Ids per `IN (...)` list: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const IN_CHUNK = 500;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
