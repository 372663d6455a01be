import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileSaver } from "../../src/console/files.js";
import { MessageBoard } from "../../src/console/board.js";
import { Directory } from "../../src/console/directory.js";
import { CONSOLE_CHANNEL_ID, CONSOLE_GUILD_ID } from "../../src/console/ids.js";
import { ConsoleNotifier, renderChoices, renderInline, renderMessage, renderModal } from "../../src/console/render.js";

describe("renderMessage", () => {
  it("marks ephemeral replies and renders content, embeds and buttons", () => {
    const board = new MessageBoard();
    const text = renderMessage(
      {
        ephemeral: true,
        content: "Here are your matches.",
        embeds: [
          {
            title: "Bob — mentor",
            description: "Fintech · senior",
            fields: [
              { name: "Topics", value: "interviewing, cv" },
              { name: "Why", value: "same industry\nshared topics" },
            ],
            footer: "Score 0.82",
          },
        ],
        buttons: [
          [
            { customId: "match:request:12", label: "Request", style: "primary" },
            { customId: "match:skip:12", label: "Skip", style: "secondary", disabled: true },
          ],
        ],
      },
      { buttonToken: (b) => board.buttonToken(b.customId) },
    );
    expect(text).toBe(
      [
        "(only you can see this)",
        "Here are your matches.",
        "┌─ Bob — mentor",
        "│ Fintech · senior",
        "│ Topics: interviewing, cv",
        "│ Why: same industry",
        "│   shared topics",
        "└─ Score 0.82",
        "[Request] (/press request-12)  [Skip] (disabled)",
      ].join("\n"),
    );
  });

  it("shows public messages without the mark, and an empty message as such", () => {
    expect(renderMessage({ content: "Hello" })).toBe("Hello");
    expect(renderMessage({})).toBe("(empty message)");
    expect(renderMessage({ content: "x", ephemeral: false }, { ephemeral: true })).toBe("(only you can see this)\nx");
  });

  it("replaces mentions and timestamps with readable text", () => {
    const directory = new Directory();
    const bob = directory.member("bob");
    const role = directory.role("mentors");
    expect(renderInline(`<@${bob.id}> got <@&${role}> in <#${CONSOLE_CHANNEL_ID}> on <t:0:D>`, directory)).toBe(
      "@bob got @&mentors in #general on 1970-01-01",
    );
    expect(renderInline("<t:86400>")).toBe("1970-01-02 00:00 UTC");
    expect(renderInline("**#2** with `code`")).toBe("#2 with `code`");
    // Member text the bot escaped shows as typed; the bot's own bold still goes.
    expect(renderInline("**#3** \\*\\*Ben\\*\\* said \\[x](https://e.example) \\`\\`\\`")).toBe("#3 **Ben** said [x](https://e.example) ```");
  });
});

describe("button tokens", () => {
  it("come from action and id, are stable, and get a suffix on collision", () => {
    const board = new MessageBoard();
    expect(board.buttonToken("match:accept:12")).toBe("accept-12");
    expect(board.buttonToken("match:accept:12")).toBe("accept-12");
    expect(board.buttonToken("request:accept:12")).toBe("accept-12.2");
    expect(board.buttonToken("match:accept:abcdefghij-abcdefghij-abcdefghij")).toBe("accept-abcdefgh");
    expect(board.buttonToken("match:accept:123456789012345678")).toBe("accept-123456789012345678");
    const directory = new Directory();
    const bob = directory.member("Bob Lee");
    const named = new MessageBoard((id) => directory.memberById(id)?.name ?? null);
    expect(named.buttonToken(`match:request:${bob.id}`)).toBe("request-bob-lee");
    expect(named.buttonToken(`match:pair:${bob.id}-${directory.member("al").id}`)).toBe("pair-bob-lee-al");
    expect(board.buttonToken("Weird Custom ID!")).toBe("weird-custom-id");
  });
});

describe("renderModal and renderChoices", () => {
  it("lists a form's fields with the line that submits it", () => {
    const text = renderModal(
      {
        customId: "match:decline:12",
        title: "Decline request",
        fields: [
          { customId: "reason", label: "Reason", style: "paragraph", required: true, maxLength: 500 },
          { customId: "note", label: "Note", style: "short", required: false, placeholder: "optional", value: "hi" },
        ],
      },
      "decline-12",
    );
    expect(text).toBe(
      [
        '[form] Decline request — submit with: /form decline-12 reason:"..."',
        "  reason: Reason (paragraph, required, 0–500 characters)",
        '  note: Note (short, optional) e.g. "optional" [prefilled: "hi"]',
      ].join("\n"),
    );
  });

  it("prints autocomplete choices", () => {
    expect(renderChoices("industry", [{ name: "Fintech", value: "fintech" }, { name: "law", value: "law" }])).toBe(
      "choices for industry:\n  Fintech → fintech\n  law",
    );
    expect(renderChoices("industry", [])).toBe("(no choices for industry)");
  });
});

describe("ConsoleNotifier", () => {
  function setup() {
    const out: string[] = [];
    const board = new MessageBoard();
    const directory = new Directory();
    const notifier = new ConsoleNotifier({ board, directory, write: (t) => out.push(t) });
    return { out, board, directory, notifier };
  }

  it("prints DMs with pressable buttons only the recipient can press", async () => {
    const { out, board, directory, notifier } = setup();
    const bob = directory.member("bob");
    const alice = directory.member("alice");
    const result = await notifier.notifyUser(CONSOLE_GUILD_ID, bob.id, {
      content: `<@${alice.id}> asked you`,
      buttons: [[{ customId: "match:accept:7", label: "Accept", style: "success" }]],
    });
    expect(result).toBe("dm");
    expect(out.join("\n")).toBe("→ DM to @bob:\n  @alice asked you\n  [Accept] (/press accept-7)");
    expect(board.findButton("accept-7", bob.id).ok).toBe(true);
    expect(board.findButton("accept-7", alice.id)).toMatchObject({ ok: false, reason: "hidden", seenBy: [bob.id] });
  });

  it("falls back to the channel when DMs are closed, or fails without a channel", async () => {
    const { out, directory, notifier } = setup();
    const bob = directory.member("bob");
    bob.dmsOpen = false;
    expect(await notifier.notifyUser(CONSOLE_GUILD_ID, bob.id, { content: "Reminder" }, { fallbackChannelId: CONSOLE_CHANNEL_ID })).toBe(
      "channel",
    );
    expect(await notifier.notifyUser(CONSOLE_GUILD_ID, bob.id, { content: "Reminder" })).toBe("failed");
    expect(out).toEqual([
      "→ DM to @bob failed (their DMs are closed)",
      "→ posted in #general for @bob instead:\n  @bob I have a mentoring message for you, but your direct messages are closed. Allow DMs from this server's members (Privacy Settings), or use `/match list` to see your requests and matches.",
      "→ DM to @bob failed (their DMs are closed)",
    ]);
  });

  it("opens a thread in a channel, or DMs both; grants roles", async () => {
    const { out, directory, notifier } = setup();
    const a = directory.member("alice").id;
    const b = directory.member("bob").id;
    const withChannel = await notifier.openPairSpace({
      guildId: CONSOLE_GUILD_ID,
      channelId: CONSOLE_CHANNEL_ID,
      name: "alice & bob",
      userIds: [a, b],
      starter: { content: "Welcome!" },
    });
    expect(withChannel.threadId).toMatch(/^\d{17,20}$/);
    const without = await notifier.openPairSpace({
      guildId: CONSOLE_GUILD_ID,
      channelId: null,
      name: "alice & bob",
      userIds: [a, b],
      starter: { content: "Welcome!" },
    });
    expect(without.threadId).toBeNull();
    const role = directory.role("mentors");
    expect(await notifier.addRole(CONSOLE_GUILD_ID, b, role)).toBe(true);
    expect(directory.member("bob").roleIds).toEqual([role]);
    expect(out).toEqual([
      '→ private thread "alice & bob" opened in #general for @alice and @bob:\n  Welcome!',
      "→ DM to @alice:\n  Welcome!",
      "→ DM to @bob:\n  Welcome!",
      "→ role @&mentors given to @bob",
    ]);
  });
});

describe("attachments", () => {
  it("given a message with a file then the console writes it to disk and shows its path", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "console-files-"));
    try {
      const saver = new FileSaver(dir);
      const out = renderMessage({ content: "Your export", files: [{ name: "../my data.json", data: '{"a":1}' }] }, { saveFile: (f) => saver.save(f) });
      const shown = /📎 my_data\.json → (.+)$/m.exec(out);
      expect(shown, out).not.toBeNull();
      expect(path.dirname(shown?.[1] ?? "")).toBe(dir);
      expect(readFileSync(shown?.[1] ?? "", "utf8")).toBe('{"a":1}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
