// The command contract: one declaration per option gives the registration JSON, the validation and
// the argument type; button and form tables build and parse their own custom ids.
import { describe, expect, it } from "vitest";
import { STAGE } from "../../src/domain/enums.js";
import { defineCommand, sub } from "../../src/interaction/command.js";
import { button, components, field, ids, modal } from "../../src/interaction/components.js";
import { opt, parseArgs } from "../../src/interaction/options.js";
import { UserError } from "../../src/errors.js";

const env = { now: () => new Date("2026-11-02T10:00:00Z") };
const options = {
  match: opt.match(),
  capacity: opt.integer("How many mentees at once (1–10)", { min: 1, max: 10 }),
  stage: opt.choice(STAGE, "Your career stage"),
  until: opt.date("A date", { maxDays: 30 }),
};

function refusal(given: Record<string, unknown>): string {
  try {
    parseArgs(options, given as never, env, "/x y");
  } catch (error) {
    if (error instanceof UserError) return error.message;
    throw error;
  }
  return "(accepted)";
}

describe("options declared once", () => {
  it("given the declarations then the registration JSON has Discord's keys in order", () => {
    expect(options.capacity.json("capacity")).toEqual({ type: 4, name: "capacity", description: "How many mentees at once (1–10)", min_value: 1, max_value: 10 });
    expect(Object.keys(options.match.json("match"))).toEqual(["type", "name", "description", "required", "min_value"]);
    expect(options.stage.json("stage")).toMatchObject({ type: 3, choices: STAGE.choices });
  });

  it("given valid values then the arguments are typed and converted", () => {
    const args = parseArgs(options, { match: "#12", capacity: 3, stage: "mid", until: "2026-11-20" }, env, "/x y");
    expect(args).toEqual({ match: 12, capacity: 3, stage: "mid", until: new Date("2026-11-20T00:00:00Z") });
    const match: number = args.match;
    const capacity: number | undefined = args.capacity;
    // @ts-expect-error -- a misspelt option is a compile error
    void args.mach;
    expect([match, capacity]).toEqual([12, 3]);
  });

  it("given an option the subcommand does not declare then it is refused, not dropped", () => {
    expect(refusal({ match: 3, "new-option": "…" })).toBe("Option `new-option`: /x y has no such option.");
    expect(refusal({ match: 3, __proto__: 1, constructor: 2 })).toMatch(/^Option `constructor`: \/x y has no such option\.$/);
  });

  it("given a missing required option or a bad value then one line names the option and why", () => {
    expect(refusal({})).toBe("Option `match`: is required.");
    expect(refusal({ match: "abc" })).toBe("Option `match`: a match id is a number like 12 (see `/match list`)");
    expect(refusal({ match: 1, capacity: 11 })).toBe("Option `capacity`: must be from 1 to 10");
    expect(refusal({ match: 1, stage: "guru" })).toBe("Option `stage`: must be one of: student, early, mid, senior, executive");
    expect(refusal({ match: 1, until: "2026-10-30" })).toBe("Option `until`: must be in the future");
    expect(refusal({ match: 1, until: "2027-02-30" })).toBe("Option `until`: is not a real calendar date");
  });
});

describe("button and form tables", () => {
  const ui = components("demo", {
    buttons: { accept: button({ id: ids.match, run: async () => {} }), pick: button({ id: ids.pair(ids.match, ids.int(1, 9)), where: "anywhere", run: async () => {} }) },
    modals: { why: modal({ id: ids.user, title: (id) => `About ${id}`, fields: { reason: field.paragraph("Why", { max: 50 }).required() }, run: async () => {} }) },
  });

  it("given an entry then it builds its custom id and parses back only its own", () => {
    expect(ui.buttons.accept.customId(12)).toBe("demo:accept:12");
    expect(ui.buttons.accept.idOf("demo:accept:12")).toBe(12);
    expect(ui.buttons.accept.idOf("demo:pick:12")).toBeNull();
    expect(ui.buttons.accept.idOf("demo:accept:0")).toBeNull();
    expect(ui.buttons.pick.idOf(ui.buttons.pick.customId([7, 3]))).toEqual([7, 3]);
    expect(ui.buttons.pick.idOf("demo:pick:7-10")).toBeNull();
  });

  it("given a form then it opens with its declared fields and limits", () => {
    expect(ui.modals.why.open("123456789012345678")).toEqual({
      customId: "demo:why:123456789012345678",
      title: "About 123456789012345678",
      fields: [{ customId: "reason", label: "Why", style: "paragraph", required: true, minLength: 1, maxLength: 50 }],
    });
  });

  it("given a command whose table is bound to another name then defining it fails at start-up", () => {
    expect(() => defineCommand({ name: "other", description: "x", subcommands: [sub("a", "b", {}, async () => {})], ui })).toThrow(/bound to "demo"/);
  });
});
