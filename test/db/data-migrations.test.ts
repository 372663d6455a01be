// The data migration for issue 11's vocabularies, on rows stored the old way.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDataMigrations } from "../../src/db/data-migrations.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";

let database: TempDatabase;
beforeEach(async () => {
  database = await openTempDatabase();
});
afterEach(async () => database.cleanup());

describe("industries V2 and topic keys", () => {
  it("given a fresh database then start-up applied it once and records it", async () => {
    expect(database.appliedDataMigrations).toEqual(["2026-12-industries-v2-and-topic-keys"]);
    expect(await runDataMigrations(database.db)).toEqual([]);
  });

  it("given profiles and topics stored with the former keys, then industries become V2 keys and topics that now share a key are merged once per profile", async () => {
    const db = database.db;
    await db.dataMigration.deleteMany();
    const ben = await db.profile.create({ data: { guildId: "g", userId: "1", displayName: "Ben", industry: "fintech", stage: "student", isMentee: true, changingCareer: true, targetIndustry: "software" } });
    const asha = await db.profile.create({ data: { guildId: "g", userId: "2", displayName: "Asha", industry: "underwater basket weaving", stage: "senior", isMentor: true } });
    // Former (stemmed) keys: "react.js" and "reactj" were two topics; "product" was stemmed into productivity (time management).
    const reactA = await db.topic.create({ data: { key: "react.js", label: "React.js" } });
    const reactB = await db.topic.create({ data: { key: "reactj", label: "reactjs" } });
    const product = await db.topic.create({ data: { key: "time management", label: "product" } });
    await db.profileTopic.createMany({
      data: [
        { profileId: ben.id, role: "mentee", topicId: reactA.id, guildId: "g" },
        { profileId: ben.id, role: "mentee", topicId: reactB.id, guildId: "g" },
        { profileId: ben.id, role: "mentee", topicId: product.id, guildId: "g" },
        { profileId: asha.id, role: "mentor", topicId: reactB.id, guildId: "g" },
      ],
    });

    expect(await runDataMigrations(db)).toEqual(["2026-12-industries-v2-and-topic-keys"]);

    const profiles = await db.profile.findMany({ orderBy: { id: "asc" }, select: { industry: true, targetIndustry: true } });
    expect(profiles).toEqual([
      { industry: "financial-services", targetIndustry: "software-development" },
      { industry: "underwater basket weaving", targetIndustry: null },
    ]);
    const topics = await db.topic.findMany({ orderBy: { id: "asc" }, select: { key: true, label: true } });
    expect(topics).toEqual([
      { key: "react", label: "React" },
      { key: "productmanagement", label: "product management" },
    ]);
    const links = await db.profileTopic.findMany({ include: { topic: true }, orderBy: [{ profileId: "asc" }, { topicId: "asc" }] });
    expect(links.map((l) => `${l.profileId}:${l.role}:${l.topic.key}`)).toEqual([`${ben.id}:mentee:react`, `${ben.id}:mentee:productmanagement`, `${asha.id}:mentor:react`]);
    expect(await runDataMigrations(db)).toEqual([]);
  });
});
