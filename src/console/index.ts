// The local console: the bot's commands, database and matching driven from a terminal.
export { runConsole, type RunConsoleOptions } from "./run.js";
export { ConsoleSession, DEFAULT_STEP_MS, type ConsoleSessionOptions, type LineOutcome, type RouterFactory } from "./session.js";
export { ConsoleNotifier, type ConsoleNotifierOptions, renderMessage, renderModal, renderChoices, renderEmbed } from "./render.js";
export { parseLine, tokenize, parseDuration, ParseError, type ParsedLine, type ParsedCommand } from "./parse.js";
export { Directory, type ConsoleMember, type NameResolver } from "./directory.js";
export { MessageBoard, type Place, type ShownMessage } from "./board.js";
export { ConsoleResponder, ConsoleAutocompleteResponder } from "./responder.js";
export { CONSOLE_CHANNEL_ID, CONSOLE_GUILD_ID, fakeSnowflake } from "./ids.js";
