// `npx tsx scripts/build-languages.ts`: regenerates src/matching/data/languages.json (the
// programming languages of the topic vocabulary) from the installed linguist-languages package.
// The list of languages and the aliases left out (with why) are kept in the JSON file itself;
// test/matching/vocabulary.test.ts fails when the file and the package disagree.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { z } from "zod";

const file = "src/matching/data/languages.json";
const schema = z.object({
  source: z.string(),
  excludedAliases: z.record(z.string(), z.string()),
  languages: z.array(z.object({ name: z.string(), aliases: z.array(z.string()) })),
});

type Linguist = Record<string, { aliases?: string[] } | undefined>;

export function buildLanguages(linguist: Linguist, names: readonly string[], excluded: Readonly<Record<string, string>>): { name: string; aliases: string[] }[] {
  return names.map((name) => {
    const language = linguist[name];
    if (language === undefined) throw new Error(`linguist-languages has no language "${name}"`);
    return { name, aliases: (language.aliases ?? []).filter((alias) => !Object.hasOwn(excluded, alias)) };
  });
}

function main(): void {
  const current = schema.parse(JSON.parse(readFileSync(file, "utf8")));
  const linguist = createRequire(import.meta.url)("linguist-languages") as Linguist;
  const languages = buildLanguages(linguist, current.languages.map((l) => l.name), current.excludedAliases);
  writeFileSync(file, `${JSON.stringify({ ...current, languages }, null, 1)}\n`);
  console.log(`${languages.length} languages written to ${file}`);
}

if (process.argv[1]?.endsWith("build-languages.ts") === true) main();
