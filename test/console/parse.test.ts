import { describe, expect, it } from "vitest";
import { defineCommand, sub, type CommandModule } from "../../src/interaction/command.js";
import { Directory } from "../../src/console/directory.js";
import { SNOWFLAKE_PATTERN } from "../../src/console/ids.js";
import { contextSubcommand, parseDuration, parseLine, type ParsedLine, tokenize } from "../../src/console/parse.js";
import { demoCommands } from "./fixtures.js";

function parse(line: string, directory = new Directory(), commands: readonly CommandModule[] = demoCommands): ParsedLine {
  return parseLine(line, commands, { resolver: directory });
}

function command(line: string, directory = new Directory()) {
  const parsed = parse(line, directory);
  if (parsed.kind !== "command") throw new Error(`expected a command, got ${JSON.stringify(parsed)}`);
  return parsed.command;
}

function error(line: string): string {
  const parsed = parse(line);
  if (parsed.kind !== "error") throw new Error(`expected an error, got ${JSON.stringify(parsed)}`);
  return parsed.message;
}

describe("tokenize", () => {
  it("splits at spaces and keeps name:value pairs", () => {
    expect(tokenize("/demo  profile industry:fintech")).toEqual([
      { key: null, value: "/demo", text: "/demo" },
      { key: null, value: "profile", text: "profile" },
      { key: "industry", value: "fintech", text: "industry:fintech" },
    ]);
  });

  it("reads quoted values with escapes", () => {
    const [token] = tokenize(String.raw`about:"say \"hi\", C:\\dir\nnext"`);
    expect(token).toEqual({ key: "about", value: 'say "hi", C:\\dir\nnext', text: 'about:say "hi", C:\\dir\nnext' });
  });

  it("keeps later colons in the value and allows empty values", () => {
    expect(tokenize("link:https://x.example/a:b empty:")).toEqual([
      { key: "link", value: "https://x.example/a:b", text: "link:https://x.example/a:b" },
      { key: "empty", value: "", text: "empty:" },
    ]);
  });

  it("quotes after @ and a colon inside quotes is not a key", () => {
    expect(tokenize('mentor:@"Mary Jane" "a:b"')).toEqual([
      { key: "mentor", value: "@Mary Jane", text: "mentor:@Mary Jane" },
      { key: null, value: "a:b", text: "a:b" },
    ]);
  });

  it("refuses an unclosed quote", () => {
    expect(() => tokenize('about:"oops')).toThrow(/unclosed quote/);
  });
});

describe("parseLine: commands", () => {
  it("finds the subcommand and converts integers", () => {
    const parsed = command('/demo profile industry:fintech capacity:2 about:"Ten years in payments"');
    expect(parsed).toEqual({
      commandName: "demo",
      subcommandGroup: null,
      subcommand: "profile",
      options: { industry: "fintech", capacity: 2, about: "Ten years in payments" },
    });
    expect(contextSubcommand(parsed)).toBe("profile");
  });

  it("converts booleans (true/false/yes/no), numbers, choices, roles and channels", () => {
    const directory = new Directory();
    const parsed = command("/demo types flag:yes ratio:-0.5 stage:senior role:@&mentors channel:#intros", directory);
    expect(parsed.options).toEqual({
      flag: true,
      ratio: -0.5,
      stage: "senior",
      role: directory.role("mentors"),
      channel: directory.channel("intros"),
    });
    expect(command("/demo types flag:FALSE").options).toEqual({ flag: false });
    expect(command("/demo types flag:no").options).toEqual({ flag: false });
  });

  it("resolves @users to stable snowflakes, creating unknown names", () => {
    const directory = new Directory();
    const parsed = command('/demo ask mentor:@bob message:"hello there"', directory);
    const bob = parsed.options["mentor"];
    expect(bob).toEqual({ id: directory.member("bob").id, displayName: "bob", bot: false });
    expect(directory.member("bob").id).toMatch(SNOWFLAKE_PATTERN);
    // Same name, same id: in another directory (another console run) and case-insensitively.
    expect(command("/demo ask mentor:@BOB", new Directory()).options["mentor"]).toMatchObject({
      id: directory.member("bob").id,
    });
    expect(command('/demo ask mentor:@"Mary Jane"', directory).options["mentor"]).toMatchObject({
      displayName: "Mary Jane",
    });
  });

  it("gives a subcommand inside a group as 'group sub'", () => {
    const parsed = command("/demo admin check");
    expect(parsed.subcommandGroup).toBe("admin");
    expect(parsed.subcommand).toBe("check");
    expect(contextSubcommand(parsed)).toBe("admin check");
  });

  it("ignores blank lines and comments", () => {
    expect(parse("   ")).toEqual({ kind: "blank" });
    expect(parse("# a comment")).toEqual({ kind: "blank" });
  });
});

describe("parseLine: errors name the problem", () => {
  it("unknown command, subcommand or option", () => {
    expect(error("/nope")).toMatch(/unknown command \/nope.*\/demo/);
    expect(error("/demo")).toMatch(/\/demo needs a subcommand: profile, whoami, ask/);
    expect(error("/demo profle")).toMatch(/unknown subcommand "profle"/);
    expect(error("/demo admin")).toMatch(/\/demo admin needs a subcommand: check/);
    expect(error("/demo profile industry:x color:red")).toMatch(/unknown option `color` for \/demo profile/);
    expect(error("hello")).toMatch(/commands start with "\/"/);
  });

  it("missing required options", () => {
    expect(error("/demo profile capacity:2")).toMatch(/missing required option `industry` for \/demo profile/);
  });

  it("wrong types name the option", () => {
    expect(error("/demo profile industry:fintech capacity:two")).toMatch(/option `capacity` must be an integer, got "two"/);
    expect(error("/demo profile industry:fintech capacity:1.5")).toMatch(/`capacity` must be an integer/);
    expect(error("/demo types flag:maybe")).toMatch(/option `flag` must be true or false/);
    expect(error("/demo types ratio:abc")).toMatch(/option `ratio` must be a number/);
    expect(error("/demo ask mentor:bob")).toMatch(/option `mentor` must be a member, written @name/);
    expect(error("/demo types stage:wizard")).toMatch(/option `stage` must be one of: student, senior/);
    expect(error("/demo types role:mentors")).toMatch(/option `role` must be a role/);
    expect(error('/demo profile industry:""')).toMatch(/option `industry` needs a value/);
  });

  it("positional words, repeats and bad quotes", () => {
    expect(error("/demo profile fintech")).toMatch(/unexpected "fintech" — write options as name:value/);
    expect(error("/demo profile industry:a industry:b")).toMatch(/option `industry` is given twice/);
    expect(error('/demo profile industry:"fin')).toMatch(/unclosed quote/);
  });

  it("does not validate values beyond their type (handlers do)", () => {
    expect(command("/demo profile industry:astrology capacity:99").options).toEqual({
      industry: "astrology",
      capacity: 99,
    });
  });

  it("does not create members for a line that fails", () => {
    const directory = new Directory();
    expect(parse("/demo ask mentor:@zed color:red", directory).kind).toBe("error");
    expect(directory.findMember("zed")).toBeUndefined();
  });
});

describe("parseLine: console commands", () => {
  it("/as with flags", () => {
    expect(parse("/as alice")).toEqual({ kind: "as", name: "alice", mod: null, roles: [], dmsOpen: null });
    expect(parse('/as "Mia Wong" --mod --role mentors --dms-closed')).toEqual({
      kind: "as",
      name: "Mia Wong",
      mod: true,
      roles: ["mentors"],
      dmsOpen: false,
    });
    expect(parse("/as @bob --no-mod")).toMatchObject({ name: "bob", mod: false });
    expect(error("/as")).toMatch(/\/as needs a name/);
    expect(error("/as bob --admin")).toMatch(/unknown flag --admin/);
    expect(error("/as bob carol")).toMatch(/one name/);
  });

  it("/press, /form, /help, /quit", () => {
    expect(parse("/press accept-12")).toEqual({ kind: "press", token: "accept-12" });
    expect(error("/press")).toMatch(/one button token/);
    expect(parse('/form reason-12 reason:"not now" note:x')).toEqual({
      kind: "form",
      token: "reason-12",
      fields: { reason: "not now", note: "x" },
    });
    expect(error("/form reason-12 because")).toMatch(/field:value/);
    expect(parse("/help")).toEqual({ kind: "help", topic: null });
    expect(parse("/help /demo")).toEqual({ kind: "help", topic: "demo" });
    expect(parse("/quit")).toEqual({ kind: "quit" });
    expect(parse("/exit")).toEqual({ kind: "quit" });
  });

  it("/clock durations", () => {
    expect(parse("/clock +7d")).toEqual({ kind: "clock", ms: 7 * 86_400_000, text: "+7d" });
    expect(parse("/clock")).toEqual({ kind: "clock", ms: null, text: "" });
    expect(parseDuration("+3h")).toBe(3 * 3_600_000);
    expect(parseDuration("1d12h")).toBe(36 * 3_600_000);
    expect(parseDuration("+30m")).toBe(1_800_000);
    expect(parseDuration("+1w")).toBe(7 * 86_400_000);
    expect(parseDuration("-1d")).toBeNull();
    expect(error("/clock tomorrow")).toMatch(/forward duration/);
  });

  it("/complete focuses the last option and keeps its raw text", () => {
    expect(parse("/complete /demo profile capacity:2 industry:fin")).toEqual({
      kind: "complete",
      command: {
        commandName: "demo",
        subcommandGroup: null,
        subcommand: "profile",
        options: { capacity: 2, industry: "fin" },
      },
      focused: { name: "industry", value: "fin" },
    });
    expect(parse("/complete /demo profile industry:")).toMatchObject({ focused: { name: "industry", value: "" } });
    expect(error("/complete /demo profile about:x")).toMatch(/option `about` of \/demo profile has no autocomplete/);
    expect(error("/complete /demo profile")).toMatch(/say which option to complete/);
  });

  it("a bot command with a console command's name wins; the console's moves to /console-<name>", () => {
    const help: CommandModule = defineCommand({
      name: "help",
      description: "Bot help",
      subcommands: [sub("commands", "List commands", {}, async () => {})],
    });
    const commands = [...demoCommands, help];
    expect(parse("/help commands", new Directory(), commands)).toMatchObject({ kind: "command", command: { commandName: "help" } });
    expect(parse("/console-help", new Directory(), commands)).toEqual({ kind: "help", topic: null });
  });
});
