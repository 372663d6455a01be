import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../src/interaction/command.js";
import { fakeSnowflake, CONSOLE_GUILD_ID } from "../../src/console/ids.js";
import { ConsoleResponder, type ResponderHost } from "../../src/console/responder.js";
import { runConsole } from "../../src/console/run.js";
import { ManualClock } from "../../src/services/clock.js";
import { demoCommands, openTempDatabase, StringSink, type TempDatabase } from "./fixtures.js";

let database: TempDatabase;

beforeAll(async () => {
  database = await openTempDatabase();
});

afterAll(async () => {
  await database.cleanup();
});

const START = new Date("2030-01-01T09:00:00Z");

async function run(
  script: string,
  options: { clock?: ManualClock; tick?: (deps: Deps) => Promise<void> } = {},
): Promise<{ code: number; out: string }> {
  const output = new StringSink();
  const code = await runConsole({
    db: database.db,
    commands: demoCommands,
    input: Readable.from([script]),
    output,
    interactive: false,
    clock: options.clock ?? new ManualClock(START),
    ...(options.tick === undefined ? {} : { tick: options.tick }),
  });
  return { code, out: output.text };
}

const bob = fakeSnowflake("user:bob");
const requestId = "alice-bob";

describe("runConsole with piped input", () => {
  it("runs commands through the router, the handlers' validation and the database", async () => {
    const { code, out } = await run(
      [
        "# a comment, then a blank line",
        "",
        "/as bob",
        '/demo profile industry:fintech capacity:2 about:"Payments, ten years"',
        "/demo profile industry:astrology",
        "/demo profile industry:fintech capacity:9",
        "/demo whoami",
      ].join("\n"),
    );
    expect(code).toBe(0);
    expect(out).toContain(`> /as bob\nnow acting as @bob (id ${bob})\n`);
    expect(out).not.toContain("a comment");
    expect(out).toContain("(only you can see this)\nSaved: fintech, capacity 2.");
    expect(out).toContain("⚠️ Option `industry`: unknown industry");
    expect(out).toMatch(/⚠️ Option `capacity`: .*5/);
    expect(out).toContain("┌─ bob\n│ Payments, ten years\n│ Industry: fintech\n│ Capacity: 2\n└─ since ");
    const profile = await database.db.profile.findUnique({
      where: { guildId_userId: { guildId: CONSOLE_GUILD_ID, userId: bob } },
    });
    expect(profile).toMatchObject({ displayName: "bob", industry: "fintech", mentorCapacity: 2, isMentor: true });
  });

  it("delivers DMs whose buttons only the recipient can press; update and follow-up", async () => {
    const { code, out } = await run(
      [
        "/as alice",
        '/demo ask mentor:@bob message:"Could you help with my CV?"',
        `/press accept-${requestId}`,
        "/as bob",
        `/press accept-${requestId}`,
        `/press accept-${requestId}`,
      ].join("\n"),
    );
    expect(out).toContain(
      [
        "→ DM to @bob:",
        "  @alice asks for mentoring: Could you help with my CV?",
        `  [Accept] (/press accept-${requestId})  [Decline] (/press decline-${requestId})`,
        "(only you can see this)",
        "Request sent to @bob (dm).",
      ].join("\n"),
    );
    expect(out).toContain(
      `error: the button [Accept] is on a message only @bob can see — use /as bob first`,
    );
    expect(out).toContain(
      [
        `> /press accept-${requestId}`,
        "(in your DMs with the bot)",
        "↻ message updated:",
        "  Accepted @alice's request.",
        "  [Accept] (disabled)  [Decline] (disabled)",
        "(in your DMs with the bot)",
        "(follow-up)",
        "(only you can see this)",
        "A private thread will follow.",
      ].join("\n"),
    );
    expect(out).toContain("error: the button [Accept] is disabled");
    expect(code).toBe(1);
  });

  it("shows forms and submits them with /form, reaching the handler's validation", async () => {
    const { code, out } = await run(
      [
        "/as alice",
        "/demo ask mentor:@bob",
        "/as bob",
        `/press decline-${requestId}`,
        `/form reason-${requestId} reason:"no"`,
        `/form reason-${requestId} reason:"Fully booked until June" note:"try Carol"`,
        `/form reason-${requestId} reason:"again"`,
      ].join("\n"),
    );
    expect(out).toContain(
      [
        `[form] Decline request — submit with: /form reason-${requestId} reason:"..."`,
        "  reason: Why? (paragraph, required, 5–200 characters)",
        '  note: Private note (short, optional, 0–100 characters) [prefilled: "none"]',
      ].join("\n"),
    );
    // The first submission is refused by the handler's zod schema; Discord closes the form anyway.
    expect(out).toMatch(/⚠️ Field `reason`: .*5/);
    expect(out).toContain(`error: no open form "reason-${requestId}"`);
    expect(code).toBe(1);
  });

  it("updates the message a form was opened from and keeps prefilled values", async () => {
    const { code, out } = await run(
      [
        "/as alice",
        "/demo ask mentor:@bob",
        "/as bob",
        `/press decline-${requestId}`,
        `/form reason-${requestId} reason:"Fully booked until June"`,
      ].join("\n"),
    );
    expect(out).toContain("↻ message updated:\n  Declined: Fully booked until June (note: none) [ok]");
    expect(code).toBe(0);
  });

  it("checks forms: only the member who opened it, known fields, required fields", async () => {
    const { code, out } = await run(
      [
        "/as alice",
        "/demo ask mentor:@bob",
        "/as bob",
        `/press decline-${requestId}`,
        "/as alice",
        `/form reason-${requestId} reason:"hijack"`,
        "/as bob",
        `/form reason-${requestId} reason:"Busy" colour:red`,
        `/form reason-${requestId} note:"only a note"`,
        `/form reason-${requestId} reason:"Busy this month"`,
      ].join("\n"),
    );
    expect(out).toContain(`error: the form "reason-${requestId}" was opened by @bob — use /as bob first`);
    expect(out).toContain("error: unknown field `colour`");
    expect(out).toContain("error: missing required field `reason` (Why?)");
    expect(out).toContain("Declined: Busy this month (note: none) [ok]");
    expect(code).toBe(1);
  });

  it("keeps Discord's response rules visible", async () => {
    const { code, out } = await run(["/as carol", "/demo slow", "/demo twice", "/demo silent"].join("\n"));
    expect(out).toContain("> /demo slow\n(only you can see this)\nDone after thinking.\n");
    expect(out).toContain("> /demo twice\nfirst\n(follow-up)\n(only you can see this)\n⚠️ Something went wrong on our side");
    expect(out).toContain('> /demo silent\n(no response — Discord would show "The application did not respond")');
    expect(code).toBe(0);
  });

  it("reports a malformed line with exit code 1 and still runs the following lines", async () => {
    const { code, out } = await run(["/as dan", "/demo types flag:maybe", "/demo types flag:yes ratio:2.5"].join("\n"));
    expect(out).toContain("> /demo types flag:maybe\nerror: option `flag` must be true or false (or yes/no), got \"maybe\"");
    expect(out).toContain('options: {"flag":true,"ratio":2.5}');
    expect(code).toBe(1);
  });

  it("needs /as before commands, and /as --mod grants Manage Server", async () => {
    const { code, out } = await run(
      ["/demo admin check", "/as mia --mod --role mentors", "/demo admin check", "/as erin", "/demo admin check"].join("\n"),
    );
    expect(out).toContain("error: choose who you are first: /as <name>");
    expect(out).toContain("now acting as @mia (id ");
    expect(out).toContain("moderator: Manage Server; roles: @&mentors)");
    expect(out).toMatch(/> \/as mia.*\n.*\n> \/demo admin check\n\(only you can see this\)\nYou are a moderator\./);
    expect(out).toMatch(/> \/as erin.*\n.*\n> \/demo admin check\n\(only you can see this\)\nYou are not a moderator\./);
    expect(code).toBe(1);
  });

  it("/clock advances the clock and runs the scheduled work with the console's deps", async () => {
    const clock = new ManualClock(START);
    const seen: Date[] = [];
    const { code, out } = await run(["/as bob", "/clock +7d", "/clock +3h", "/clock"].join("\n"), {
      clock,
      tick: async (deps) => {
        seen.push(deps.clock.now());
        await deps.notifier.notifyUser(CONSOLE_GUILD_ID, bob, { content: "Your request expires soon." });
      },
    });
    expect(code).toBe(0);
    // /as and /clock are not interactions: the clock moves only by the /clock steps here.
    expect(seen).toEqual([new Date("2030-01-08T09:00:00Z"), new Date("2030-01-08T12:00:00Z")]);
    expect(out).toContain("clock: +7d → 2030-01-08T09:00:00.000Z\n→ DM to @bob:\n  Your request expires soon.");
    expect(out).toContain("> /clock\nclock: 2030-01-08T12:00:00.000Z");
  });

  it("moves the clock a few seconds per interaction, so long scripts stay under the command limit", async () => {
    const clock = new ManualClock(START);
    const lines = ["/as frank", ...Array.from({ length: 25 }, (_, i) => `/demo types ratio:${i}`)];
    const { code, out } = await run(lines.join("\n"), { clock });
    expect(out).not.toContain("too quickly");
    expect(out).toContain('options: {"ratio":24}');
    expect(clock.now().getTime() - START.getTime()).toBe(25 * 5000);
    expect(code).toBe(0);
  });

  it("knows members who already have a profile in the database, under their ids", async () => {
    await database.db.profile.create({
      data: { guildId: CONSOLE_GUILD_ID, userId: "123456789012345678", displayName: "Zoe", industry: "law", stage: "mid" },
    });
    const { code, out } = await run(["/as zoe", "/demo ask mentor:@Zoe"].join("\n"));
    expect(out).toContain("now acting as @Zoe (id 123456789012345678)");
    expect(out).toContain("→ DM to @Zoe:\n  @Zoe asks for mentoring");
    expect(code).toBe(0);
  });

  it("/complete prints the handler's autocomplete choices", async () => {
    const { code, out } = await run(["/as bob", "/complete /demo profile industry:f", "/complete /demo profile industry:zz"].join("\n"));
    expect(out).toContain("choices for industry:\n  Fintech → fintech\n  Finance → finance");
    expect(out).toContain("(no choices for industry)");
    expect(code).toBe(0);
  });

  it("falls back to the channel when the member's DMs are closed", async () => {
    const { out } = await run(
      ["/as bob --dms-closed", "/as alice", "/demo ask mentor:@bob", "/press accept-" + requestId].join("\n"),
    );
    expect(out).toContain("→ DM to @bob failed (their DMs are closed)\n→ posted in #general for @bob instead:\n  @bob I have a mentoring message for you, but your direct messages are closed.");
    expect(out).toContain("Request sent to @bob (channel).");
    // The channel notice carries no personal text and no buttons.
    expect(out).not.toContain("@alice asks");
    expect(out).toContain('error: no button "accept-alice-bob"');
  });

  it("/help lists the commands' options and the console commands; /quit stops", async () => {
    const { code, out } = await run(["/help", "/help demo", "/quit", "/as never"].join("\n"));
    expect(out).toContain("  /demo profile industry:<text> [capacity:<integer>] [about:<text>]");
    expect(out).toContain("    industry:<text> (required; autocomplete: /complete; up to 60 characters) — Your industry");
    expect(out).toContain("    stage:<text> (one of: student, senior) — A stage");
    expect(out).toContain("/press <token>");
    expect(out).not.toContain("now acting as @never");
    expect(code).toBe(0);
  });
});

describe("ConsoleResponder", () => {
  function host(): ResponderHost & { log: string[] } {
    const log: string[] = [];
    let next = 1;
    return {
      log,
      post: (m, ephemeral, kind) => {
        log.push(`${kind}${ephemeral ? " (ephemeral)" : ""}: ${m.content ?? ""}`);
        return next++;
      },
      replace: (id, m, kind) => {
        log.push(`${kind} #${id}: ${m.content ?? ""}`);
      },
      showModal: (modal) => {
        log.push(`modal: ${modal.title}`);
      },
    };
  }

  it("allows one initial response", async () => {
    const res = new ConsoleResponder(host(), { kind: "command", sourceMessageId: null });
    await res.reply({ content: "a" });
    expect(res.replied).toBe(true);
    await expect(res.reply({ content: "b" })).rejects.toThrow(/already been sent or deferred/);
    await expect(res.defer({ ephemeral: true })).rejects.toThrow(/already been sent or deferred/);
  });

  it("refuses editReply and followUp before any response", async () => {
    const res = new ConsoleResponder(host(), { kind: "command", sourceMessageId: null });
    await expect(res.editReply({ content: "x" })).rejects.toThrow(/has not been sent or deferred/);
    await expect(res.followUp({ content: "x" })).rejects.toThrow(/has not been sent or deferred/);
    expect(res.missingAnswer).toMatch(/did not respond/);
  });

  it("defer then edit: the deferral decides visibility; later edits replace the reply", async () => {
    const h = host();
    const res = new ConsoleResponder(h, { kind: "command", sourceMessageId: null });
    await res.defer({ ephemeral: true });
    expect(res.deferred).toBe(true);
    expect(res.missingAnswer).toMatch(/thinking/);
    await res.editReply({ content: "one", ephemeral: false });
    await res.editReply({ content: "two" });
    await res.followUp({ content: "three", ephemeral: true });
    expect(h.log).toEqual(["reply (ephemeral): one", "edit #1: two", "followUp (ephemeral): three"]);
    expect(res.missingAnswer).toBeNull();
  });

  it("update only for buttons; no form in answer to a form; nothing after a form", async () => {
    const command = new ConsoleResponder(host(), { kind: "command", sourceMessageId: null });
    await expect(command.update({ content: "x" })).rejects.toThrow(/only possible when answering a button/);
    const modal = new ConsoleResponder(host(), { kind: "modal-from-button", sourceMessageId: 4 });
    await expect(modal.showModal({ customId: "a:b:c", title: "t", fields: [] })).rejects.toThrow(/cannot be shown/);
    const h = host();
    const button = new ConsoleResponder(h, { kind: "button", sourceMessageId: 4 });
    await button.showModal({ customId: "a:b:c", title: "Form", fields: [] });
    expect(button.replied).toBe(true);
    await expect(button.followUp({ content: "x" })).rejects.toThrow(/answered with a form/);
    const updated = new ConsoleResponder(h, { kind: "button", sourceMessageId: 4 });
    await updated.update({ content: "new" });
    await updated.editReply({ content: "newer" });
    expect(h.log).toEqual(["modal: Form", "update #4: new", "edit #4: newer"]);
  });
});
