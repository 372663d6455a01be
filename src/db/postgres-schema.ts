// prisma/schema.prisma (SQLite) is the one source of truth for the data model. Prisma fixes the
// provider per schema file, so the PostgreSQL schema is derived from it: same models, provider
// and client output swapped. `npm run db:migration` writes it; test/db/schema-sync.test.ts fails
// when the committed file differs from what this function makes of the SQLite schema.

const HEADER = `// GENERATED from prisma/schema.prisma by src/db/postgres-schema.ts (npm run db:migration): do
// not edit. The PostgreSQL schema: same models as the SQLite one, its own migrations in
// prisma/postgres/migrations and its own client in src/generated/prisma-postgres.
`;

export function renderPostgresSchema(sqliteSchema: string): string {
  const replace = (text: string, from: RegExp, to: string): string => {
    if (!from.test(text)) throw new Error(`prisma/schema.prisma: expected to find ${String(from)}`);
    return text.replace(from, to);
  };
  let out = sqliteSchema.replace(/^(\/\/[^\n]*\n)+/, "");
  out = replace(out, /provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
  out = replace(out, /output(\s*)=\s*"\.\.\/src\/generated\/prisma"/, 'output$1= "../../src/generated/prisma-postgres"');
  return HEADER + out;
}
