// A separate bot process for the multi-process Accept race: opens the database at argv[2] and
// presses Accept, as the mentor argv[3], on every match id in argv[4] (comma-separated) at once.
// Prints one JSON line: how many were accepted, refused as full, or failed otherwise.
import { openDatabase } from "../../../src/db/client.js";
import { UserError } from "../../../src/errors.js";
import { acceptRequest } from "../../../src/services/matches.js";

const [url, mentorUserId, idList] = process.argv.slice(2);
if (url === undefined || mentorUserId === undefined || idList === undefined) throw new Error("usage: accept-child <url> <mentorUserId> <ids>");
const ids = idList.split(",").map(Number);
const database = await openDatabase(url, { migrate: false, processLabel: "accept-child" });
// Start together: the parent sends a line on stdin when every child is ready.
process.stdout.write("ready\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
const outcomes = await Promise.all(
  ids.map(async (id) => {
    try {
      const result = await acceptRequest(database.db, null, id, mentorUserId, new Date());
      return result.status === "active" ? "accepted" : "other";
    } catch (error) {
      if (error instanceof UserError && error.message.startsWith("You are full")) return "full";
      return `error: ${error instanceof Error ? error.message : String(error)}`;
    }
  }),
);
await database.close();
const count = (what: string) => outcomes.filter((o) => o === what).length;
process.stdout.write(
  `${JSON.stringify({ accepted: count("accepted"), full: count("full"), errors: outcomes.filter((o) => o.startsWith("error")) })}\n`,
);
process.exit(0);
