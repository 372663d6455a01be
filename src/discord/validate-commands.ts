// Checks chat-input command payloads against Discord's documented limits before they are sent, so
// a too-long description fails here with a clear message instead of as a 50035 from the API with
// the whole registration refused.
// https://discord.com/developers/docs/interactions/application-commands#application-command-object
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";

export const COMMAND_LIMITS = {
  commands: 100,
  name: 32,
  description: 100,
  options: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  totalCharacters: 4000,
  stringLength: 6000,
} as const;

const NAME_PATTERN = /^[-_\p{L}\p{N}]{1,32}$/u;

type Option = APIApplicationCommandOption;

const NESTING_TYPES = new Set<number>([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);
const CHOICE_TYPES = new Set<number>([
  ApplicationCommandOptionType.String,
  ApplicationCommandOptionType.Integer,
  ApplicationCommandOptionType.Number,
]);

/** Loosely typed view of an option: the checks must also work on payloads the types would reject. */
interface OptionView {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: readonly { name: string; value: string | number }[];
  options?: readonly Option[];
  min_length?: number;
  max_length?: number;
  min_value?: number;
  max_value?: number;
}

function view(option: Option): OptionView {
  return option;
}

function checkName(name: unknown, where: string, problems: string[]): void {
  if (typeof name !== "string" || !NAME_PATTERN.test(name)) {
    problems.push(`${where}: name ${JSON.stringify(name)} must be 1–32 letters, digits, "-" or "_"`);
  } else if (name !== name.toLowerCase()) {
    problems.push(`${where}: name "${name}" must be lowercase`);
  }
}

function checkDescription(description: unknown, where: string, problems: string[]): void {
  if (typeof description !== "string" || description.length < 1 || description.length > COMMAND_LIMITS.description) {
    const length = typeof description === "string" ? description.length : 0;
    problems.push(`${where}: description must be 1–${COMMAND_LIMITS.description} characters (has ${length})`);
  }
}

/** Characters Discord counts towards the 4,000 limit for this option and everything under it. */
function optionCharacters(option: OptionView): number {
  let total = (option.name?.length ?? 0) + (option.description?.length ?? 0);
  for (const choice of option.choices ?? []) total += choice.name.length + String(choice.value).length;
  for (const child of option.options ?? []) total += optionCharacters(view(child));
  return total;
}

function checkOptions(options: readonly Option[], where: string, depth: 0 | 1 | 2, problems: string[]): void {
  if (options.length > COMMAND_LIMITS.options) {
    problems.push(`${where}: ${options.length} options (max ${COMMAND_LIMITS.options} per level)`);
  }
  const nesting = options.filter((o) => NESTING_TYPES.has(view(o).type));
  if (nesting.length > 0 && nesting.length < options.length) {
    problems.push(`${where}: subcommands cannot be mixed with plain options at the same level`);
  }
  const seen = new Set<string>();
  let optionalSeen = false;
  for (const raw of options) {
    const option = view(raw);
    const at = `${where} ${option.name}`;
    checkName(option.name, at, problems);
    checkDescription(option.description, at, problems);
    if (seen.has(option.name)) problems.push(`${at}: duplicate option name`);
    seen.add(option.name);

    if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
      if (depth !== 0) problems.push(`${at}: a subcommand group can only be at the top level`);
      const children = option.options ?? [];
      if (children.some((c) => view(c).type !== ApplicationCommandOptionType.Subcommand)) {
        problems.push(`${at}: a subcommand group may contain only subcommands`);
      }
      checkOptions(children, at, 1, problems);
      continue;
    }
    if (option.type === ApplicationCommandOptionType.Subcommand) {
      if (depth === 2) problems.push(`${at}: subcommands cannot be nested this deep`);
      const children = option.options ?? [];
      if (children.some((c) => NESTING_TYPES.has(view(c).type))) {
        problems.push(`${at}: a subcommand may contain only plain options`);
      }
      checkOptions(children, at, 2, problems);
      continue;
    }

    if (option.required === true) {
      if (optionalSeen) problems.push(`${at}: required options must come before optional ones`);
    } else {
      optionalSeen = true;
    }
    const choices = option.choices ?? [];
    if (choices.length > 0) {
      if (!CHOICE_TYPES.has(option.type)) problems.push(`${at}: only string, integer and number options can have choices`);
      if (option.autocomplete === true) problems.push(`${at}: choices cannot be combined with autocomplete`);
      if (choices.length > COMMAND_LIMITS.choices) {
        problems.push(`${at}: ${choices.length} choices (max ${COMMAND_LIMITS.choices})`);
      }
      for (const choice of choices) {
        if (choice.name.length < 1 || choice.name.length > COMMAND_LIMITS.choiceName) {
          problems.push(`${at}: choice name "${choice.name.slice(0, 20)}…" must be 1–${COMMAND_LIMITS.choiceName} characters`);
        }
        if (typeof choice.value === "string" && choice.value.length > COMMAND_LIMITS.choiceValue) {
          problems.push(`${at}: choice value for "${choice.name}" is longer than ${COMMAND_LIMITS.choiceValue} characters`);
        }
      }
    }
    if (option.autocomplete === true && !CHOICE_TYPES.has(option.type)) {
      problems.push(`${at}: only string, integer and number options can autocomplete`);
    }
    for (const key of ["min_length", "max_length"] as const) {
      const value = option[key];
      if (value !== undefined && (value < 0 || value > COMMAND_LIMITS.stringLength || !Number.isInteger(value))) {
        problems.push(`${at}: ${key} must be an integer from 0 to ${COMMAND_LIMITS.stringLength}`);
      }
    }
    if (option.max_length !== undefined && option.max_length < 1) problems.push(`${at}: max_length must be at least 1`);
    if (option.min_length !== undefined && option.max_length !== undefined && option.min_length > option.max_length) {
      problems.push(`${at}: min_length is greater than max_length`);
    }
    if (option.min_value !== undefined && option.max_value !== undefined && option.min_value > option.max_value) {
      problems.push(`${at}: min_value is greater than max_value`);
    }
  }
}

/** Every problem with one command, each as "/command sub option: what is wrong". */
export function validateCommand(command: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] {
  const problems: string[] = [];
  const where = `/${String(command.name)}`;
  if (command.type !== undefined && command.type !== ApplicationCommandType.ChatInput) {
    problems.push(`${where}: only chat-input (slash) commands are supported`);
  }
  checkName(command.name, where, problems);
  checkDescription(command.description, where, problems);
  const options = command.options ?? [];
  checkOptions(options, where, 0, problems);
  const total =
    (command.name?.length ?? 0) +
    (command.description?.length ?? 0) +
    options.reduce((n, o) => n + optionCharacters(view(o)), 0);
  if (total > COMMAND_LIMITS.totalCharacters) {
    problems.push(`${where}: ${total} characters in names, descriptions and choices (max ${COMMAND_LIMITS.totalCharacters})`);
  }
  return problems;
}

/** Every problem with a registration (an empty list means Discord should accept it). */
export function validateCommands(commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]): string[] {
  const problems: string[] = [];
  if (commands.length > COMMAND_LIMITS.commands) {
    problems.push(`${commands.length} commands (max ${COMMAND_LIMITS.commands} chat-input commands)`);
  }
  const names = new Set<string>();
  for (const command of commands) {
    if (names.has(command.name)) problems.push(`/${command.name}: registered twice`);
    names.add(command.name);
    problems.push(...validateCommand(command));
  }
  return problems;
}
