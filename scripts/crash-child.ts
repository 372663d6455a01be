// Child process of scripts/crash-test.ts: opens the real database (openDatabase: WAL,
// synchronous=FULL) and writes through the real services as fast as it can, printing
// "ACK <n> <kind>" after each write is acknowledged, until the parent kills it with SIGKILL.
//   node --import tsx scripts/crash-child.ts --db <file> --run <r> --guild <id> --match <id> --mentor <userId> --mentee <userId>
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client.js";
import { addMatchNote } from "../src/services/matches.js";
import { saveMentorProfile } from "../src/services/profiles.js";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    run: { type: "string" },
    guild: { type: "string" },
    match: { type: "string" },
    mentor: { type: "string" },
    mentee: { type: "string" },
  },
});
const { db: file, run, guild, match, mentor, mentee } = values;
if (file === undefined || run === undefined || guild === undefined || match === undefined || mentor === undefined || mentee === undefined) {
  process.stderr.write("crash-child: missing arguments\n");
  process.exit(2);
}

const { db } = await openDatabase(`file:${file}`, { migrate: false });
process.stdout.write("READY\n");
for (let n = 1; ; n++) {
  const body = `ack-${run}-${n}`;
  if (n % 3 === 0) {
    // A profile save: an upsert plus a topic replacement in one transaction.
    await saveMentorProfile(db, guild, { id: mentor, displayName: "Crash Mentor" }, { headline: body, topics: [`crash topic ${n % 7}`, "cv"] });
    process.stdout.write(`ACK ${n} profile\n`);
  } else {
    await addMatchNote(db, guild, Number(match), mentee, body, new Date());
    process.stdout.write(`ACK ${n} note\n`);
  }
}
