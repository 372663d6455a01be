import { clampMessage } from "../../src/interaction/limits.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderChannelFallback, renderChannelMessage, renderEdit, renderMessage, renderModal } from "../../src/discord/render.js";
import type { ButtonSpec, EmbedSpec, MessageSpec } from "../../src/interaction/types.js";

const embed = fc.record(
  {
    title: fc.string({ maxLength: 300 }),
    description: fc.string({ maxLength: 5000 }),
    footer: fc.string({ maxLength: 50 }),
    color: fc.integer({ min: 0, max: 0xffffff }),
    fields: fc.array(fc.record({ name: fc.string({ maxLength: 300 }), value: fc.string({ maxLength: 1100 }), inline: fc.boolean() }), { maxLength: 30 }),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<EmbedSpec>;

const button = fc.record({
  customId: fc.stringMatching(/^[a-z]{1,10}:[a-z]{1,10}:\d{1,5}$/),
  label: fc.string({ minLength: 1, maxLength: 120 }),
  style: fc.constantFrom("primary", "secondary", "success", "danger"),
  disabled: fc.boolean(),
}) as fc.Arbitrary<ButtonSpec>;

const message = fc.record(
  {
    content: fc.string({ maxLength: 2500 }),
    embeds: fc.array(embed, { maxLength: 12 }),
    buttons: fc.array(fc.array(button, { maxLength: 7 }), { maxLength: 7 }),
    ephemeral: fc.boolean(),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<MessageSpec>;

describe("renderMessage", () => {
  it("given any message then mentions nobody and stays within Discord's limits", () => {
    fc.assert(
      fc.property(message, (spec) => {
        const out = renderMessage(spec);
        expect(out.allowedMentions).toEqual({ parse: [] });
        expect((out.content ?? "").length).toBeLessThanOrEqual(2000);
        expect(out.embeds.length).toBeLessThanOrEqual(10);
        const total = out.embeds.reduce(
          (n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
          0,
        );
        expect(total).toBeLessThanOrEqual(6000);
        expect(out.components.length).toBeLessThanOrEqual(5);
        for (const row of out.components) {
          expect(row.type).toBe(1);
          expect(row.components.length).toBeGreaterThan(0);
          expect(row.components.length).toBeLessThanOrEqual(5);
          for (const b of row.components) {
            expect(b.type).toBe(2);
            expect(b.label?.length ?? 0).toBeLessThanOrEqual(80);
          }
        }
        expect(out.flags).toBe(spec.ephemeral === true ? 64 : undefined);
      }),
      { numRuns: 200 },
    );
  });

  it("given ephemeral then sets flags 64 and no deprecated ephemeral option", () => {
    const out = renderMessage({ content: "hi", ephemeral: true });
    expect(out).toEqual({ content: "hi", embeds: [], components: [], allowedMentions: { parse: [] }, flags: 64 });
    expect("ephemeral" in out).toBe(false);
  });

  it("given a public message then has no flags", () => {
    expect(renderMessage({ content: "hi" }).flags).toBeUndefined();
  });

  it("given text that mentions everyone, roles and users then still allows no mentions", () => {
    const out = renderMessage({ content: "@everyone @here <@&1> <@2>", embeds: [{ description: "@everyone" }] });
    expect(out.allowedMentions).toEqual({ parse: [] });
    expect(out.content).toBe("@everyone @here <@&1> <@2>");
  });

  it("given embeds and buttons then renders Discord's JSON shapes", () => {
    const out = renderMessage({
      embeds: [{ title: "T", description: "D", footer: "F", color: 1, fields: [{ name: "N", value: "V", inline: true }, { name: "", value: "" }] }],
      buttons: [[{ customId: "a:b:1", label: "One", style: "secondary" }, { customId: "a:c:1", label: "Two", style: "success", disabled: true }], []],
    });
    expect(out.embeds).toEqual([
      { title: "T", description: "D", color: 1, footer: { text: "F" }, fields: [{ name: "N", value: "V", inline: true }, { name: "\u200b", value: "\u200b" }] },
    ]);
    expect(out.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, custom_id: "a:b:1", label: "One", style: 2 },
          { type: 2, custom_id: "a:c:1", label: "Two", style: 3, disabled: true },
        ],
      },
    ]);
  });

  it("given over-long content then cuts it to 2000 characters ending with an ellipsis", () => {
    const out = renderMessage({ content: "x".repeat(2500) });
    expect(out.content).toHaveLength(2000);
    expect(out.content?.endsWith("…")).toBe(true);
  });

  it("given mentionUserIds then allows exactly those users", () => {
    expect(renderMessage({ content: "hi" }, { mentionUserIds: ["1", "2", "1"] }).allowedMentions).toEqual({ users: ["1", "2"] });
  });
});

describe("renderEdit", () => {
  it("given a partial message then clears what is absent and never sets flags", () => {
    const out = renderEdit({ embeds: [{ title: "Done" }], ephemeral: true });
    expect(out).toEqual({ content: "", embeds: [{ title: "Done" }], components: [], allowedMentions: { parse: [] } });
  });
});

describe("renderChannelFallback and renderChannelMessage", () => {
  it("given a member who closed DMs then the channel gets a generic notice that mentions and allows only them", () => {
    const out = renderChannelFallback("42");
    expect(out.content).toMatch(/^<@42> I have a mentoring message for you/);
    expect(out).toMatchObject({ embeds: [], components: [], allowedMentions: { users: ["42"] } });
  });

  it("given an ephemeral spec for a DM then drops the flag", () => {
    expect("flags" in renderChannelMessage({ content: "x", ephemeral: true })).toBe(false);
  });
});

describe("renderModal", () => {
  it("given fields then renders one text input per action row with Discord's styles", () => {
    const out = renderModal({
      customId: "profile:edit:1",
      title: "A title that is much longer than forty-five characters allowed",
      fields: [
        { customId: "headline", label: "Headline", style: "short", required: true, minLength: 2, maxLength: 10, value: "a value that is too long" },
        { customId: "about", label: "About", style: "paragraph", required: false, placeholder: "Tell us" },
      ],
    });
    expect(out.title).toHaveLength(45);
    expect(out.components).toEqual([
      { type: 1, components: [{ type: 4, custom_id: "headline", label: "Headline", style: 1, required: true, min_length: 2, max_length: 10, value: "a value t…" }] },
      { type: 1, components: [{ type: 4, custom_id: "about", label: "About", style: 2, required: false, placeholder: "Tell us" }] },
    ]);
  });
});

describe("clampMessage, the last guard", () => {
  it("given one embed over the 6,000-character total then it shrinks (trailing fields first) instead of being dropped", () => {
    const fields = Array.from({ length: 8 }, (_, i) => ({ name: `Note ${i}`, value: "x".repeat(1000) }));
    const out = clampMessage({ embeds: [{ title: "Notes", fields }] });
    expect(out.embeds).toHaveLength(1);
    const embed = out.embeds?.[0];
    const size = (embed?.title?.length ?? 0) + (embed?.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(size).toBeLessThanOrEqual(6000);
    expect(embed?.fields?.at(-1)?.value).toContain("more than one message can show");
    expect(embed?.fields?.[0]?.value).toBe("x".repeat(1000));
  });
});
