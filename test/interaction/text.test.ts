// Invisible characters never pass as text (issue 10, item 5): what a length rule counts is what a
// reader sees, and a topic needs a letter or a digit.
import { describe, expect, it } from "vitest";
import { cleanText, visibleLength } from "../../src/interaction/text.js";
import { text } from "../../src/interaction/values.js";
import { coreProfileOptions } from "../../src/commands/shared/profile-options.js";

const INVISIBLE = ["\u3164", "\u1160", "\u115F", "\uFFA0", "\u061C", "\u{E0041}", "\u034F", "\u180E", "\u2800", "\uFE0F", "\u200B", "\u2060", "\u00AD"];

describe("invisible characters", () => {
  for (const ch of INVISIBLE) {
    const code = `U+${ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}`;
    it(`given ${code} alone then it is not text`, () => {
      expect(visibleLength(cleanText(ch.repeat(3), false))).toBe(0);
      expect(text(120).safeParse(ch.repeat(3)).success).toBe(false);
    });
  }

  it("given a headline of three Hangul fillers then 'must not be empty'", () => {
    const parsed = text(120).safeParse("\u3164\u3164\u3164");
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("must not be empty");
  });

  it("given an 'about' of ten fillers then 'at least 10 characters' counts visible characters", () => {
    const parsed = text(1000, { multiline: true, min: 10 }).safeParse("\u3164".repeat(10));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("must be at least 10 characters");
    expect(text(1000, { multiline: true, min: 10 }).safeParse(`abc${"\u3164".repeat(10)}defg`).success).toBe(false);
    expect(text(1000, { multiline: true, min: 10 }).safeParse("ten chars!").success).toBe(true);
    expect(text(1000, { multiline: true, min: 10 }).safeParse("ten\u3164\u3164chars").success).toBe(false);
  });

  it("given a topic made of U+1160 alone, or of punctuation, then it is refused naming the field", () => {
    const topics = coreProfileOptions({ industry: "x", topics: "x", about: "x" }).topics.schema({ now: () => new Date() });
    expect(topics.safeParse("\u1160").error?.issues[0]?.message).toBe("must not be empty");
    // An invisible piece is cleaned away like any invisible character; the visible tags stay.
    expect(topics.safeParse("cv, \u1160").data).toEqual(["cv"]);
    expect(topics.safeParse("cv, ---").error?.issues[0]?.message).toMatch(/letter or a digit/);
    expect(topics.safeParse("cv, C#").success).toBe(true);
  });

  it("given emoji sequences then they are kept whole and count as visible", () => {
    for (const emoji of ["🏳️‍🌈", "👩‍👩‍👧‍👦", "❤️", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"]) {
      expect(cleanText(`hi ${emoji}`, false)).toBe(`hi ${emoji}`);
      expect(visibleLength(emoji)).toBe(1);
    }
  });

  it("given letters with combining marks then each counts once", () => {
    expect(visibleLength("e\u0301te\u0301")).toBe(3);
    expect(visibleLength("Zalgo\u0334\u0321")).toBe(5);
  });
});
