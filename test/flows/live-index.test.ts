// Issue 12: the live matching index per server. Two service instances (two database clients on
// one database, as two bot processes would be) share nothing in memory: a write through one must
// be seen by the next /match find through the other, without rebuilding its index.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { loadCommunity, rankMentorsFor } from "../../src/services/community.js";
import { liveCommunity } from "../../src/services/live-community.js";
import { updateGuildSettings } from "../../src/storage/settings.js";
import { openTempDatabase, type TempDatabase } from "../support/db.js";
import { expectOk, menteeProfile, mentorProfile, requestMentor } from "../support/fixtures.js";
import { allText, buttons, createHarness, GUILD, member, type Harness, type Member } from "../support/interactions.js";

let database: TempDatabase;
let second: Database;
let a: Harness; // process A
let b: Harness; // process B
let asha: Member;
let omar: Member;
let ben: Member;

beforeEach(async () => {
  database = await openTempDatabase();
  second = await openDatabase(database.url, { migrate: false });
  a = createHarness(database.db);
  b = createHarness(second.db);
  asha = member("Asha");
  omar = member("Omar");
  ben = member("Ben");
});
afterEach(async () => {
  await second.close();
  await database.cleanup();
});

/** The mentors /match find suggests to `who` through harness `h`, best first (from the buttons). */
async function suggested(h: Harness, who: Member): Promise<string[]> {
  const find = await h.run(who, "/match find");
  expectOk(find, "/match find");
  return buttons(find.last).map((button) => button.label.replace(/^Request \d+\. /, ""));
}

/** What the old path (every profile read, the index rebuilt) suggests: the live index must agree. */
async function fullReload(db: Database, who: Member): Promise<string[]> {
  const community = await loadCommunity(db.db, GUILD, b.clock.now());
  return rankMentorsFor(community, who.id).suggestions.map((s) => s.profile.displayName);
}

describe("the live matching index across two processes", () => {
  it("given a first /match find, then it defers while the index is built and answers by editing; the next one replies at once", async () => {
    await mentorProfile(a, asha, 0);
    await menteeProfile(a, ben, 0, { industry: "fintech", topics: "interviewing, cv, salary negotiation" });
    const first = await b.run(ben, "/match find");
    expect(first.events.map((e) => e.kind)).toEqual(["defer", "editReply"]);
    expect(allText(first.last)).toContain("Asha");
    const next = await b.run(ben, "/match find");
    expect(next.events.map((e) => e.kind)).toEqual(["reply"]);
  });

  it("given B's index is built, when A creates, pauses and deletes profiles and sends a request, then B's next /match find shows each change without a rebuild", async () => {
    await mentorProfile(a, asha, 0);
    await menteeProfile(a, ben, 0, { industry: "fintech", topics: "interviewing, cv, salary negotiation" });
    expect(await suggested(b, ben)).toEqual(["Asha"]);
    const live = await liveCommunity(second.db, GUILD, b.clock.now());
    const builds = live.index.builds;

    // A new mentor written through A.
    await mentorProfile(a, omar, 0, { topics: "interviewing, cv, salary negotiation", about: "Interviews, CVs and offers in fintech." });
    expect((await suggested(b, ben)).sort()).toEqual(["Asha", "Omar"]);
    expect(await suggested(b, ben)).toEqual(await fullReload(second, ben));

    // A pause through A: Asha is no longer suggested by B.
    expectOk(await a.run(asha, "/mentor availability", { status: "off" }), "availability");
    expect(await suggested(b, ben)).toEqual(["Omar"]);

    // A request through A blocks the pair in B (one open request per pair).
    await requestMentor(a, ben, omar);
    expect(allText((await b.run(ben, "/match find")).last)).toContain("No strong match yet");

    // Asha is back, then deletes her data through A.
    expectOk(await a.run(asha, "/mentor availability", { status: "on" }), "availability");
    expect(await suggested(b, ben)).toEqual(["Asha"]);
    const confirm = await a.run(asha, "/profile delete");
    const erase = buttons(confirm.last).find((button) => /delete/i.test(button.label));
    expect(erase).toBeDefined();
    await a.press(asha, erase?.customId ?? "");
    expect(allText((await b.run(ben, "/match find")).last)).toContain("No strong match yet");
    expect(await fullReload(second, ben)).toEqual([]);

    // All of it incrementally: B never rebuilt from the database.
    expect(await liveCommunity(second.db, GUILD, b.clock.now())).toBe(live);
    expect(live.index.builds).toBe(builds);
  });

  it("given a mentor with requests from two mentees, when her profile changes through A, then B reloads her and still blocks both pairs, and a third mentee still sees her", async () => {
    const carla = member("Carla");
    const dan = member("Dan");
    const wants = { industry: "fintech", topics: "interviewing, cv, salary negotiation" };
    await mentorProfile(a, asha, 0, { topics: "interviewing, cv, salary negotiation", about: "Interviews, CVs and offers in fintech." });
    for (const who of [ben, carla, dan]) await menteeProfile(a, who, 0, wants);
    expect(await suggested(b, dan)).toEqual(["Asha"]);
    // Two blocked pairs for Asha (her reverse index holds a list), one for each mentee.
    await requestMentor(a, ben, asha);
    await requestMentor(a, carla, asha);
    for (const who of [ben, carla]) expect(allText((await b.run(who, "/match find")).last)).toContain("No strong match yet");
    const live = await liveCommunity(second.db, GUILD, b.clock.now());
    expect(live.blocked.size).toBe(2);
    // Asha's profile changes: B drops her blocked pairs and reads them back with her.
    expectOk(await a.run(asha, "/mentor profile", { about: "Interviews, CVs, offers and negotiation in fintech." }), "/mentor profile");
    expect(await suggested(b, dan)).toEqual(["Asha"]);
    for (const who of [ben, carla]) expect(allText((await b.run(who, "/match find")).last)).toContain("No strong match yet");
    expect(live.blocked.size).toBe(2);
    // Ben's profile changes too: his one pair is dropped and read back, Carla's stays.
    expectOk(await a.run(ben, "/mentee profile", { about: "Preparing for fintech interviews." }), "/mentee profile");
    for (const who of [ben, carla]) expect(allText((await b.run(who, "/match find")).last)).toContain("No strong match yet");
    expect(live.blocked.size).toBe(2);
    // The reverse index names exactly the blocked pairs: Asha's two, Ben's and Carla's one each.
    const reverse = [...live.blockedOf.entries()].map(([id, keys]) => [id, typeof keys === "string" ? [keys] : [...keys].sort()] as const);
    expect(reverse.map(([, keys]) => keys.length).sort()).toEqual([1, 1, 2]);
    for (const [id, keys] of reverse) for (const key of keys) expect(key.split(":").map(Number)).toContain(id);
    for (const key of live.blocked.keys()) expect(reverse.filter(([, keys]) => keys.includes(key))).toHaveLength(2);
    for (const who of [ben, carla, dan]) expect(await suggested(b, who)).toEqual(await fullReload(second, who));
  });

  it("given a mentor paused until a date, when the date passes, then B suggests her again with no write at all", async () => {
    await mentorProfile(a, asha, 0);
    await menteeProfile(a, ben, 0, { industry: "fintech", topics: "interviewing, cv, salary negotiation" });
    const until = new Date(a.clock.now().getTime() + 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    expectOk(await a.run(asha, "/mentor availability", { status: "off", until }), "availability");
    expect(allText((await b.run(ben, "/match find")).last)).toContain("No strong match yet");
    b.clock.advance(4 * 24 * 3600 * 1000);
    expect(await suggested(b, ben)).toEqual(["Asha"]);
  });

  it("given a weight change through A, then B ranks with the new weights", async () => {
    await mentorProfile(a, asha, 0);
    await mentorProfile(a, omar, 1);
    await menteeProfile(a, ben, 0, { industry: "fintech", topics: "interviewing, cv, salary negotiation, system design" });
    await suggested(b, ben);
    await updateGuildSettings(database.db, GUILD, { weightIndustry: 0, weightStage: 0, weightTopics: 0, weightText: 1 });
    const live = await liveCommunity(second.db, GUILD, b.clock.now());
    expect(live.index.resolvedWeights.text).toBe(1);
    expect(await suggested(b, ben)).toEqual(await fullReload(second, ben));
  });
});
