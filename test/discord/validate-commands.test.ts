import { ApplicationCommandOptionType as T, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { validateCommand, validateCommands } from "../../src/discord/validate-commands.js";

type Command = RESTPostAPIChatInputApplicationCommandsJSONBody;

const good: Command = {
  name: "mentor",
  description: "Mentor tools",
  default_member_permissions: null,
  contexts: [0],
  options: [
    {
      type: T.Subcommand,
      name: "profile",
      description: "Create or edit your mentor profile",
      options: [
        { type: T.String, name: "industry", description: "Your industry", required: true, autocomplete: true },
        { type: T.String, name: "stage", description: "Career stage", required: true, choices: [{ name: "Student", value: "student" }, { name: "Senior", value: "senior" }] },
        { type: T.Integer, name: "capacity", description: "How many mentees", min_value: 1, max_value: 5 },
        { type: T.String, name: "headline", description: "One line about you", max_length: 120 },
        { type: T.User, name: "buddy", description: "Someone" },
      ],
    },
    {
      type: T.SubcommandGroup,
      name: "availability",
      description: "Availability",
      options: [{ type: T.Subcommand, name: "pause", description: "Pause new requests", options: [{ type: T.Integer, name: "days", description: "For how long" }] }],
    },
  ],
};

function withOptions(options: Command["options"]): Command {
  return { name: "test", description: "Test command", options };
}

describe("validateCommands", () => {
  it("given well-formed commands then reports nothing", () => {
    expect(validateCommands([good, { name: "match", description: "Find a mentor" }])).toEqual([]);
  });

  it("given names Discord rejects then reports each", () => {
    const problems = validateCommands([
      { name: "Mentor", description: "x" },
      { name: "has space", description: "x" },
      { name: "a".repeat(33), description: "x" },
      { name: "", description: "x" },
      { name: "café_1-ü", description: "non-ASCII lowercase letters are allowed" },
    ]);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain("must be lowercase");
    expect(problems.join("\n")).not.toContain("café");
  });

  it("given descriptions that are empty or over 100 characters then reports them with their path", () => {
    const problems = validateCommands([
      { name: "a", description: "" },
      withOptions([{ type: T.String, name: "opt", description: "d".repeat(101) }]),
    ]);
    expect(problems).toEqual([
      "/a: description must be 1–100 characters (has 0)",
      "/test opt: description must be 1–100 characters (has 101)",
    ]);
  });

  it("given more than 25 options or 25 choices then reports both", () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ type: T.String as const, name: `o${i}`, description: "x" }));
    expect(validateCommand(withOptions(many))).toEqual(["/test: 26 options (max 25 per level)"]);
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    expect(validateCommand(withOptions([{ type: T.String, name: "pick", description: "x", choices }]))).toEqual(["/test pick: 26 choices (max 25)"]);
  });

  it("given a required option after an optional one then reports it", () => {
    const problems = validateCommand(
      withOptions([
        { type: T.String, name: "first", description: "x" },
        { type: T.String, name: "second", description: "x", required: true },
      ]),
    );
    expect(problems).toEqual(["/test second: required options must come before optional ones"]);
  });

  it("given choices together with autocomplete then reports it", () => {
    const option = { type: T.String, name: "both", description: "x", autocomplete: true, choices: [{ name: "a", value: "a" }] };
    expect(validateCommand(withOptions([option as never]))).toEqual(["/test both: choices cannot be combined with autocomplete"]);
  });

  it("given subcommands mixed with plain options then reports it", () => {
    const problems = validateCommand(
      withOptions([
        { type: T.Subcommand, name: "sub", description: "x" },
        { type: T.String, name: "plain", description: "x" },
      ]),
    );
    expect(problems).toContain("/test: subcommands cannot be mixed with plain options at the same level");
  });

  it("given a subcommand group inside a subcommand group then reports it", () => {
    const nested = {
      type: T.SubcommandGroup,
      name: "outer",
      description: "x",
      options: [{ type: T.SubcommandGroup, name: "inner", description: "x", options: [] }],
    };
    const problems = validateCommand(withOptions([nested as never]));
    expect(problems).toContain("/test outer inner: a subcommand group can only be at the top level");
    expect(problems).toContain("/test outer: a subcommand group may contain only subcommands");
  });

  it("given more than 4000 characters in one command then reports the total", () => {
    const options = Array.from({ length: 25 }, (_, i) => ({
      type: T.String as const,
      name: `option-${String(i).padStart(2, "0")}-${"n".repeat(20)}`,
      description: "d".repeat(100),
      choices: Array.from({ length: 5 }, (_, j) => ({ name: `choice ${j} ${"c".repeat(10)}`, value: `v${j}` })),
    }));
    const problems = validateCommand(withOptions(options));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/test: \d+ characters in names, descriptions and choices \(max 4000\)$/);
  });

  it("given more than 100 commands or a duplicate name then reports it", () => {
    const commands = Array.from({ length: 101 }, (_, i) => ({ name: `c${i}`, description: "x" }));
    expect(validateCommands(commands)).toEqual(["101 commands (max 100 chat-input commands)"]);
    expect(validateCommands([good, good])).toEqual(["/mentor: registered twice"]);
  });

  it("given inconsistent length and value bounds then reports them", () => {
    const problems = validateCommand(
      withOptions([
        { type: T.String, name: "text", description: "x", min_length: 10, max_length: 5 },
        { type: T.Integer, name: "count", description: "x", min_value: 5, max_value: 1 },
        { type: T.String, name: "huge", description: "x", max_length: 7000 },
      ]),
    );
    expect(problems).toEqual([
      "/test text: min_length is greater than max_length",
      "/test count: min_value is greater than max_value",
      "/test huge: max_length must be an integer from 0 to 6000",
    ]);
  });
});
