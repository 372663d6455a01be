// Data migrations: rewrites of stored values when a vocabulary changes (schema migrations change
// tables; these change what is in them). Each runs once, in one transaction, after the schema
// migrations, and is recorded in the DataMigration table; a second start-up runs nothing.
import type { PrismaClient } from "../generated/prisma/client.js";
import { isDatabaseBusy, isUniqueViolation } from "./errors.js";
import { describeTopic, migrateIndustryKey } from "../matching/index.js";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

interface DataMigration {
  name: string;
  run(tx: Tx): Promise<void>;
}

/**
 * Issue 11: industries moved to LinkedIn's Industry Codes V2 ("fintech" → financial-services) and
 * topic keys are no longer Porter-stemmed ("job search" → jobsearch; "product" and
 * "productivity" are two topics again). Stored industries are mapped to V2 keys, and each stored
 * topic gets its new key and display; topics that now share a key are merged into one row, and
 * the profiles that had both keep it once.
 */
const vocabularyV2: DataMigration = {
  name: "2026-12-industries-v2-and-topic-keys",
  async run(tx) {
    for (const { industry } of await tx.profile.groupBy({ by: ["industry"] })) {
      const next = migrateIndustryKey(industry);
      if (next !== industry) await tx.profile.updateMany({ where: { industry }, data: { industry: next } });
    }
    for (const { targetIndustry } of await tx.profile.groupBy({ by: ["targetIndustry"] })) {
      if (targetIndustry === null) continue;
      const next = migrateIndustryKey(targetIndustry);
      if (next !== targetIndustry) await tx.profile.updateMany({ where: { targetIndustry }, data: { targetIndustry: next } });
    }

    const topics = await tx.topic.findMany({ orderBy: { id: "asc" } });
    const survivors = new Map<string, { id: number; label: string }>();
    const merged: { from: number; into: number }[] = [];
    for (const topic of topics) {
      const described = describeTopic(topic.label);
      const key = described.key === "" ? topic.key : described.key;
      const survivor = survivors.get(key);
      if (survivor === undefined) survivors.set(key, { id: topic.id, label: described.display || topic.label });
      else merged.push({ from: topic.id, into: survivor.id });
    }
    // Park every key first: a row's new key may be another row's old one.
    for (const topic of topics) await tx.topic.update({ where: { id: topic.id }, data: { key: `~migrating~${topic.id}` } });
    for (const { from, into } of merged) {
      for (const link of await tx.profileTopic.findMany({ where: { topicId: from } })) {
        const duplicate = await tx.profileTopic.findUnique({ where: { profileId_role_topicId: { profileId: link.profileId, role: link.role, topicId: into } } });
        if (duplicate === null) await tx.profileTopic.create({ data: { profileId: link.profileId, role: link.role, topicId: into, guildId: link.guildId } });
      }
      await tx.topic.delete({ where: { id: from } });
    }
    for (const [key, { id, label }] of survivors) await tx.topic.update({ where: { id }, data: { key, label } });
  },
};

export const DATA_MIGRATIONS: readonly DataMigration[] = [vocabularyV2];

/**
 * Runs one migration in one transaction, claimed first by its primary key: a second process
 * starting at the same time fails on the key and rolls back instead of rewriting the rows twice.
 * A busy SQLite file (another process migrating right now) is waited for, bounded.
 */
async function applyOnce(db: PrismaClient, migration: DataMigration): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.$transaction(
        async (tx) => {
          await tx.dataMigration.create({ data: { name: migration.name } });
          await migration.run(tx);
        },
        { maxWait: 30_000, timeout: 600_000 },
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false; // another process applied it meanwhile
      if (!isDatabaseBusy(error) || attempt >= 40) throw error;
      if ((await db.dataMigration.findUnique({ where: { name: migration.name } }).catch(() => null)) !== null) return false;
      await new Promise((resolve) => setTimeout(resolve, 50 * Math.min(attempt, 10)));
    }
  }
}

/** Applies the data migrations this database has not had yet; returns their names. */
export async function runDataMigrations(db: PrismaClient, migrations: readonly DataMigration[] = DATA_MIGRATIONS): Promise<string[]> {
  const done = new Set((await db.dataMigration.findMany({ select: { name: true } })).map((m) => m.name));
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    if (await applyOnce(db, migration)) applied.push(migration.name);
  }
  return applied;
}
