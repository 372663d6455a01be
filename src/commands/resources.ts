// /resources add | find | list | remove — the resource library: tagged https links mentors and
// moderators keep at hand because a careers conversation can go anywhere. Anyone can find them;
// adding and removing is for mentors and moderators (checked by the service).
import { z } from "zod";
import { defineCommand, sub } from "../interaction/command.js";
import { button, components, ids } from "../interaction/components.js";
import { truncate } from "../interaction/limits.js";
import { opt, type Completer } from "../interaction/options.js";
import type { EmbedField, MessageSpec } from "../interaction/types.js";
import {
  addResource,
  findResourcesByTopic,
  listLibrary,
  removeResource,
  RESOURCE_LIMITS,
  resourceChoices,
  resourceTopicChoices,
  resourceUrl,
  type ResourceWithTopics,
} from "../services/resources.js";
import { isModerator } from "../services/settings.js";
import { md } from "./shared/markdown.js";
import { topicList } from "./shared/profile-options.js";
import { topicsComplete } from "./shared/autocomplete.js";
import { COLORS } from "./shared/views.js";

const MAX_ID = 2_147_483_647;
const NUMBER_HINT = "a resource is a number like 12 (see `/resources list`)";
/** Resources per page: 8 full entries (link, topics, note) always fit one embed (6,000 characters). */
const PAGE = 8;

const resourceNumber = z
  .string()
  .transform((v) => (/^#?\d{1,10}$/.test(v.trim()) ? Number(v.trim().replace(/^#/, "")) : Number.NaN))
  .pipe(z.number({ error: NUMBER_HINT }).int(NUMBER_HINT).min(1, NUMBER_HINT).max(MAX_ID, NUMBER_HINT));

const resourceComplete: Completer = async ({ deps, guildId, typed }) =>
  (await resourceChoices(deps.db, guildId, typed.slice(0, 100))).map((r) => ({ name: truncate(`#${r.id} ${r.title}`, 100), value: String(r.id) }));

const findTopicComplete: Completer = async ({ deps, guildId, typed }) =>
  (await resourceTopicChoices(deps.db, guildId, typed.slice(0, 100))).filter((l) => l.length <= 100).map((label) => ({ name: label, value: label }));

/** One resource as a line: its number, title (escaped), link (not embedded) and topics. */
export function resourceLine(r: ResourceWithTopics, withNote = false): string {
  const topics = r.topics.map((t) => md(t.topicLabel)).join(", ");
  const note = withNote && r.note !== null ? `\n  ${md(truncate(r.note, 200))}` : "";
  return `**#${r.id}** ${md(truncate(r.title, RESOURCE_LIMITS.title))} — <${r.url}>${topics === "" ? "" : ` · ${topics}`}${note}`;
}

/**
 * Resources as embed fields, one each, so no entry is cut in half: the link in full, topics and
 * note shortened so that a field stays under 700 characters (8 of them fit one embed).
 */
export function resourceFields(list: readonly ResourceWithTopics[], withNote = true): EmbedField[] {
  return list.map((r) => {
    const topics = r.topics.length === 0 ? "" : `\n${truncate(r.topics.map((t) => t.topicLabel).join(", "), 150)}`;
    const note = withNote && r.note !== null ? `\n${truncate(r.note, 150)}` : "";
    return { name: `#${r.id} ${md(truncate(r.title, RESOURCE_LIMITS.title))}`, value: `<${r.url}>${md(topics)}${md(note)}` };
  });
}

function libraryPage(list: readonly ResourceWithTopics[], page: number): MessageSpec {
  return {
    embeds: [
      {
        title: `Resource library${page > 0 ? ` (page ${page + 1})` : ""}`,
        ...(list.length === 0 ? { description: page === 0 ? "The library is empty. Mentors and moderators add links with `/resources add`." : "No more resources." } : { fields: resourceFields(list) }),
        footer: "Find by topic with /resources find.",
        color: COLORS.brand,
      },
    ],
    buttons: [
      [
        resourcesUi.buttons.page.spec(Math.max(0, page - 1), { label: "Previous", style: "secondary", disabled: page === 0 }),
        resourcesUi.buttons.page.spec(Math.min(199, page + 1), { label: "Next", style: "secondary", disabled: list.length < PAGE }),
      ],
    ],
    ephemeral: true,
  };
}

export const resourcesUi = components("resources", {
  buttons: {
    /** A page of /resources list. */
    page: button({
      id: ids.int(0, 199),
      run: async ({ id, guildId, res, deps }) => {
        await res.update(libraryPage(await listLibrary(deps.db, guildId, id, PAGE), id));
      },
    }),
  },
});

const add = sub(
  "add",
  "Add a link to the library (mentors and moderators); a link already there gets the new topics",
  {
    url: opt.text("An https link", { max: RESOURCE_LIMITS.url }).pipe(resourceUrl).required(),
    title: opt.text("A short title", { max: RESOURCE_LIMITS.title }).required(),
    topics: opt.text("Topics, comma-separated, e.g. cv, interviewing", { max: 400 }).pipe(topicList).autocomplete(topicsComplete).required(),
    note: opt.text("Why it helps, who it is for", { max: RESOURCE_LIMITS.note, multiline: true }),
  },
  async ({ ctx, args, guildId, settings, res, deps }) => {
    const result = await addResource(deps.db, guildId, { id: ctx.user.id, moderator: isModerator(ctx, settings) }, { url: args.url, title: args.title, topics: args.topics, note: args.note }, deps.clock.now());
    const added = result.added.map(md).join(", ");
    await res.reply({
      content: result.created
        ? `📚 Added resource #${result.resource.id} with topics ${added}.`
        : `📚 That link is already in the library as #${result.resource.id}${result.added.length === 0 ? "; it already had these topics." : `; added the topic(s) ${added}.`}`,
      embeds: [{ fields: resourceFields([result.resource]), color: COLORS.success }],
      ephemeral: true,
    });
  },
);

const find = sub(
  "find",
  "Resources on a topic",
  { topic: opt.text("A topic, e.g. interviewing", { max: 40 }).autocomplete(findTopicComplete).required() },
  async ({ args, guildId, res, deps }) => {
    const { label, resources } = await findResourcesByTopic(deps.db, guildId, args.topic);
    await res.reply({
      embeds: [
        {
          title: `Resources on ${md(label)}`,
          ...(resources.length === 0 ? { description: "None yet. Mentors and moderators add links with `/resources add`." } : { fields: resourceFields(resources) }),
          color: COLORS.brand,
        },
      ],
      ephemeral: true,
    });
  },
);

const listSub = sub("list", "The library, newest first", {}, async ({ guildId, res, deps }) => {
  await res.reply(libraryPage(await listLibrary(deps.db, guildId, 0, PAGE), 0));
});

const remove = sub(
  "remove",
  "Remove a resource you added (moderators: any)",
  { resource: opt.text("The resource's number (pick from the list)", { max: 12 }).pipe(resourceNumber).autocomplete(resourceComplete).required() },
  async ({ ctx, args, guildId, settings, res, deps }) => {
    const removed = await removeResource(deps.db, guildId, args.resource, { id: ctx.user.id, moderator: isModerator(ctx, settings) });
    await res.reply({ content: `🗑️ Removed resource #${removed.id} (${md(truncate(removed.title, 100))}).`, ephemeral: true });
  },
);

export const resourcesCommand = defineCommand({
  name: "resources",
  description: "The resource library: tagged links on careers topics",
  subcommands: [add, find, listSub, remove],
  ui: resourcesUi,
});
