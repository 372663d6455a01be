// /mod import through the real discord.js client (src/bot.ts): the ATTACHMENT option (type 11)
// arrives as Discord sends it (the attachment's id as the value, the file in data.resolved), the
// bot downloads the file from its URL (here the loopback fake, standing in for Discord's CDN),
// defers (5, ephemeral) and edits the reply with the counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.js";
import { silentLogger } from "../../src/logger.js";
import { ManualClock } from "../../src/services/clock.js";
import { openTempDatabase, type TempDatabase } from "../support/discord-db.js";
import { createDiscordHarness, option, testMember, testModerator, type DiscordHarness, type InteractionOutcome } from "../support/discord-harness.js";

let database: TempDatabase;
let h: DiscordHarness;
const mod = testModerator({ username: "mo", globalName: "Mo" });
const community = {
  mentors: [{ id: "240000000000000001", name: "Asha", industry: "FinTech", stage: "senior", topics: ["interviewing", "Resumes"], about: "I run mock interviews for product roles.", capacity: 2 }],
  mentees: [{ id: "240000000000000002", name: "Lu", industry: "retail", stage: "early", topics: ["job hunting"], about: "I want to move into product management.", acceptsFrom: "anyone" }],
};

beforeAll(async () => {
  database = await openTempDatabase();
  h = await createDiscordHarness({ commands, deps: { db: database.db, logger: silentLogger, clock: new ManualClock(new Date("2026-03-02T10:00:00Z")) } });
  h.server.on("GET", "/cdn/attachments/1/2/community.json", { status: 200, body: community });
});
afterAll(async () => {
  await h?.close();
  await database?.close();
});

function lastEdit(outcome: InteractionOutcome): { content?: string; embeds?: { title?: string; description?: string }[] } {
  const edit = outcome.webhooks.filter((r) => r.method === "PATCH" && r.path.endsWith("/messages/@original")).at(-1);
  return (edit?.body ?? {});
}

describe("/mod import through discord.js", () => {
  it("given a JSON attachment and dry-run, then it defers, downloads the file and shows the counts without writing", async () => {
    const file = option.attachment("file", { filename: "community.json", url: `${h.server.apiUrl}/v10/cdn/attachments/1/2/community.json`, contentType: "application/json" });
    const out = await h.command({ name: "mod", subcommand: "import", as: mod, options: [file, option.boolean("dry-run", true)] });
    expect(out.callback).toEqual({ type: 5, data: { flags: 64 } });
    const edit = lastEdit(out);
    expect(edit.embeds?.[0]?.title).toBe("Import — dry run, nothing was written");
    expect(edit.embeds?.[0]?.description).toContain("Mentors: 1 created, 0 updated, 0 unchanged.");
    expect(await database.db.profile.count()).toBe(0);
  });

  it("given the same attachment without dry-run, then the profiles are written", async () => {
    const file = option.attachment("file", { filename: "community.json", url: `${h.server.apiUrl}/v10/cdn/attachments/1/2/community.json`, contentType: "application/json" });
    const out = await h.command({ name: "mod", subcommand: "import", as: mod, options: [file] });
    expect(lastEdit(out).embeds?.[0]?.title).toBe("Import done");
    expect(await database.db.profile.count()).toBe(2);
  });

  it("given a member without Manage Server, then it is refused and nothing is downloaded", async () => {
    const before = h.server.find("GET", /\/cdn\//).length;
    const file = option.attachment("file", { filename: "community.json", url: `${h.server.apiUrl}/v10/cdn/attachments/1/2/community.json` });
    const out = await h.command({ name: "mod", subcommand: "import", as: testMember({ username: "kim" }), options: [file] });
    expect(JSON.stringify(out.callback)).toContain("Only moderators");
    expect(h.server.find("GET", /\/cdn\//).length).toBe(before);
  });
});
