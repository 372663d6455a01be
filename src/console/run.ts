// The console's entry: reads lines from a stream and runs them through a ConsoleSession.
//
// Interactive (a terminal): readline with a prompt naming the acting member ("alice> ") and Tab
// completion of commands, subcommands and option names. Otherwise (a pipe or file): one command
// per line, blank lines and `#` comments ignored, each command echoed as "> line" before its
// output; the promise resolves to 1 if any line was refused (could not be parsed, unknown button
// or form token, a button only someone else can see...), else 0 — later lines still run.
// Handlers' own refusals ("⚠️ ...") are answers, not console errors, and do not change the code.
//
// Members who already have a profile in this server are known by name from the start; new names
// get ids hashed from the name, the same in every run. The clock is a ManualClock: it moves 5 s
// before each interaction (so long scripts stay under the per-minute command limit) and by /clock.
import { createInterface, type Completer } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { CommandModule } from "../interaction/command.js";
import { isSubcommandLike, META_COMMANDS, metaCommandFor, topOptions, tokenize } from "./parse.js";
import { ConsoleSession, type ConsoleSessionOptions } from "./session.js";

/** The session's options (db, guild, channel, clock, tick, logger, router, step), plus the streams. */
export interface RunConsoleOptions extends Omit<ConsoleSessionOptions, "commands" | "write"> {
  /** Defaults to the bot's commands (src/commands/index.ts). */
  commands?: readonly CommandModule[];
  input: Readable;
  output: Writable;
  /** Prompt and line editing; defaults to whether `input` is a terminal. */
  interactive?: boolean;
}

async function defaultCommands(): Promise<readonly CommandModule[]> {
  const module = await import("../commands/index.js");
  return module.commands;
}

function completerFor(commands: readonly CommandModule[]): Completer {
  const names = new Set(commands.map((c) => c.data.name));
  const roots = [
    ...commands.map((c) => `/${c.data.name}`),
    ...META_COMMANDS.map((m) => (metaCommandFor(m, names) === m ? `/${m}` : `/console-${m}`)),
  ];
  return (line: string) => {
    try {
      const word = /(\S*)$/.exec(line)?.[1] ?? "";
      const before = line.slice(0, line.length - word.length);
      const done = before.trim() === "" ? [] : tokenize(before);
      const first = done[0];
      if (first === undefined) return [roots.filter((r) => r.startsWith(word)), word];
      const command = commands.find((c) => `/${c.data.name}` === first.text);
      if (command === undefined) return [[], word];
      let options = topOptions(command);
      for (const token of done.slice(1)) {
        const sub = options.find((o) => isSubcommandLike(o) && o.name === token.text);
        if (sub !== undefined) options = sub.options ?? [];
      }
      const given = new Set(done.map((t) => t.key));
      const candidates = options.some(isSubcommandLike)
        ? options.filter(isSubcommandLike).map((o) => o.name)
        : options.filter((o) => !given.has(o.name)).map((o) => `${o.name}:`);
      return [candidates.filter((c) => c.startsWith(word)), word];
    } catch {
      return [[], line];
    }
  };
}

/** Runs the console until the input ends or /quit; resolves to the exit code. */
export async function runConsole(options: RunConsoleOptions): Promise<number> {
  const commands = options.commands ?? (await defaultCommands());
  const interactive = options.interactive ?? (options.input as { isTTY?: boolean }).isTTY === true;
  const output = options.output;
  const session = new ConsoleSession({
    db: options.db,
    commands,
    write: (text) => {
      output.write(`${text}\n`);
    },
    ...(options.guildId === undefined ? {} : { guildId: options.guildId }),
    ...(options.channelId === undefined ? {} : { channelId: options.channelId }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.tick === undefined ? {} : { tick: options.tick }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.createRouter === undefined ? {} : { createRouter: options.createRouter }),
    ...(options.stepMs === undefined ? {} : { stepMs: options.stepMs }),
    ...(options.filesDir === undefined ? {} : { filesDir: options.filesDir }),
  });

  await session.loadMembers();

  const rl = interactive
    ? createInterface({
        input: options.input,
        output,
        terminal: true,
        prompt: session.prompt,
        completer: completerFor(commands),
        historySize: 200,
      })
    : createInterface({ input: options.input, crlfDelay: Infinity, terminal: false });

  let failures = 0;
  if (interactive) {
    rl.on("SIGINT", () => rl.close());
    output.write(
      "Mentor bot console — the bot's commands against the local database, no Discord needed.\n" +
        "Start with /as <name> (add --mod for a moderator); /help lists everything; /quit leaves.\n",
    );
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      const trimmed = line.trim();
      const isCommand = trimmed !== "" && !trimmed.startsWith("#");
      if (!interactive && isCommand) output.write(`> ${trimmed}\n`);
      const outcome = await session.run(line);
      if (outcome === "quit") break;
      if (outcome === "error") failures++;
      if (interactive) {
        rl.setPrompt(session.prompt);
        rl.prompt();
      }
    }
  } finally {
    rl.close();
  }
  return !interactive && failures > 0 ? 1 : 0;
}
