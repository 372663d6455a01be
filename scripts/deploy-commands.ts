// npm run deploy-commands [-- --dry-run]: registers every slash command with Discord, in one
// server when DISCORD_GUILD_ID is set (instant; for development) or globally otherwise.
// --dry-run prints the registration JSON and touches no network (no token needed).
// Exit status: 0 done, 1 payload problems or Discord refused, 2 configuration error.
import { DiscordAPIError, REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { commands } from "../src/commands/index.js";
import { ConfigError, loadDotEnv, parseConfig } from "../src/config.js";
import { scrubSecrets } from "../src/logger.js";
import { validateCommands } from "../src/discord/validate-commands.js";

const dryRun = process.argv.slice(2).includes("--dry-run");

function fail(message: string, status: number): never {
  console.error(scrubSecrets(message));
  process.exit(status);
}

let config: ReturnType<typeof parseConfig>;
try {
  loadDotEnv();
  config = parseConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2);
  fail(`Could not read the configuration: ${error instanceof Error ? error.message : String(error)}`, 2);
}

const body: RESTPostAPIChatInputApplicationCommandsJSONBody[] = commands.map((c) => c.data);
const problems = validateCommands(body);
if (problems.length > 0) {
  console.error(`Refusing to register: ${problems.length} problem(s) with the command definitions:`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}

if (dryRun) {
  process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  process.exit(0);
}

if (config.discordToken === undefined) {
  fail("DISCORD_TOKEN: required to register commands (or pass --dry-run to only print them)", 2);
}
if (config.discordClientId === undefined) {
  fail("DISCORD_CLIENT_ID: required to register commands (the Application ID from the Developer Portal)", 2);
}

const rest = new REST({ version: "10", ...(config.discordApiUrl === undefined ? {} : { api: config.discordApiUrl }) }).setToken(
  config.discordToken,
);
const guildId = config.discordGuildId;
const route =
  guildId === undefined
    ? Routes.applicationCommands(config.discordClientId)
    : Routes.applicationGuildCommands(config.discordClientId, guildId);

try {
  const registered = (await rest.put(route, { body })) as unknown[];
  console.log(
    guildId === undefined
      ? `Registered ${registered.length} command(s) globally.`
      : `Registered ${registered.length} command(s) in server ${guildId}.`,
  );
} catch (error) {
  if (error instanceof DiscordAPIError) {
    const hint =
      error.status === 401
        ? " (check DISCORD_TOKEN)"
        : error.code === 50001
          ? " (is the bot in that server, invited with the applications.commands scope?)"
          : "";
    fail(`Discord refused the registration: ${error.status} ${error.code} ${error.message}${hint}`, 1);
  }
  fail(`Could not reach Discord: ${error instanceof Error ? error.message : String(error)}`, 1);
}
