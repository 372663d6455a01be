// `/help`: the bot's commands and options, read from their registration JSON, plus the console's
// own meta commands.
import type { CommandModule } from "../interaction/command.js";
import { isSubcommandLike, metaCommandFor, type MetaCommand, type OptionJson, OptionType, topOptions, typeName } from "./parse.js";

interface Leaf {
  path: string;
  description: string;
  options: readonly OptionJson[];
}

function leaves(command: CommandModule): Leaf[] {
  const top = topOptions(command);
  const base = `/${command.data.name}`;
  if (!top.some(isSubcommandLike)) return [{ path: base, description: command.data.description, options: top }];
  const out: Leaf[] = [];
  for (const option of top) {
    if (option.type === OptionType.Subcommand) {
      out.push({ path: `${base} ${option.name}`, description: option.description ?? "", options: option.options ?? [] });
    } else if (option.type === OptionType.SubcommandGroup) {
      for (const sub of option.options ?? []) {
        out.push({
          path: `${base} ${option.name} ${sub.name}`,
          description: sub.description ?? "",
          options: sub.options ?? [],
        });
      }
    }
  }
  return out;
}

function usage(leaf: Leaf): string {
  const parts = leaf.options.map((o) => {
    const text = `${o.name}:<${typeName(o.type)}>`;
    return o.required === true ? text : `[${text}]`;
  });
  return [leaf.path, ...parts].join(" ");
}

function optionLine(option: OptionJson): string {
  const notes: string[] = [];
  if (option.required === true) notes.push("required");
  if (option.choices !== undefined && option.choices.length > 0) {
    notes.push(`one of: ${option.choices.map((c) => String(c.value)).join(", ")}`);
  }
  if (option.autocomplete === true) notes.push("autocomplete: /complete");
  if (option.min_value !== undefined || option.max_value !== undefined) {
    notes.push(`${option.min_value ?? "…"}–${option.max_value ?? "…"}`);
  }
  if (option.max_length !== undefined) notes.push(`up to ${option.max_length} characters`);
  const suffix = notes.length > 0 ? ` (${notes.join("; ")})` : "";
  return `    ${option.name}:<${typeName(option.type)}>${suffix}${option.description ? ` — ${option.description}` : ""}`;
}

const META_LINES: readonly [MetaCommand, string, string][] = [
  ["as", "<name> [--mod] [--role <role>] [--dms-closed]", "act as a member (created on first use; --mod gives Manage Server)"],
  ["press", "<token>", "press a button shown earlier, e.g. /press accept-12"],
  ["form", "<token> field:value ...", "submit a form (modal) shown earlier"],
  ["clock", "[+7d | +3h | +1d12h]", "advance the clock, then process due expiries and reminders"],
  ["complete", "/command ... option:partial", "show the autocomplete choices for the last option"],
  ["help", "[command]", "this list, or one command's options"],
  ["quit", "", "leave the console"],
];

function metaName(meta: MetaCommand, commandNames: ReadonlySet<string>): string {
  return metaCommandFor(meta, commandNames) === meta ? `/${meta}` : `/console-${meta}`;
}

export function renderHelp(commands: readonly CommandModule[], topic: string | null): string {
  const commandNames = new Set(commands.map((c) => c.data.name));
  if (topic !== null) {
    const command = commands.find((c) => c.data.name === topic);
    if (command === undefined) {
      return `No command /${topic}. Commands: ${commands.map((c) => `/${c.data.name}`).join(", ") || "(none)"}`;
    }
    const lines = [`/${command.data.name} — ${command.data.description}`];
    for (const leaf of leaves(command)) {
      lines.push("", `  ${usage(leaf)}`);
      if (leaf.description && leaf.path !== `/${command.data.name}`) lines.push(`    ${leaf.description}`);
      for (const option of leaf.options) lines.push(optionLine(option));
    }
    return lines.join("\n");
  }
  const lines: string[] = ["Bot commands:"];
  if (commands.length === 0) lines.push("  (none registered)");
  for (const command of commands) {
    for (const leaf of leaves(command)) {
      lines.push(`  ${usage(leaf)}`);
      if (leaf.description) lines.push(`      ${leaf.description}`);
    }
  }
  lines.push("", "Console commands:");
  const heads = META_LINES.map(([meta, args]) => `${metaName(meta, commandNames)}${args ? ` ${args}` : ""}`);
  const width = Math.max(...heads.map((h) => h.length));
  META_LINES.forEach(([, , description], i) => lines.push(`  ${(heads[i] ?? "").padEnd(width)}  ${description}`));
  lines.push(
    "",
    'Values: quote with "..." (\\" inside); members are @name (created on first use), roles @&name, channels #name.',
    "Details of one command: /help <command>.",
  );
  return lines.join("\n");
}
