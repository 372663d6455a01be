-- DropIndex
DROP INDEX "Profile_guildId_isMentee_idx";

-- DropIndex
DROP INDEX "Profile_guildId_isMentor_mentorAvailable_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProfileTopic" (
    "profileId" INTEGER NOT NULL,
    "topicId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,

    PRIMARY KEY ("profileId", "role", "topicId"),
    CONSTRAINT "ProfileTopic_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProfileTopic_topicId_fkey" FOREIGN KEY ("topicId") REFERENCES "Topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Edited by hand: each existing tag gets its profile's server (Prisma's diff copies no value).
INSERT INTO "new_ProfileTopic" ("profileId", "role", "topicId", "guildId")
SELECT pt."profileId", pt."role", pt."topicId", p."guildId" FROM "ProfileTopic" pt JOIN "Profile" p ON p."id" = pt."profileId";
DROP TABLE "ProfileTopic";
ALTER TABLE "new_ProfileTopic" RENAME TO "ProfileTopic";
CREATE INDEX "ProfileTopic_topicId_role_idx" ON "ProfileTopic"("topicId", "role");
CREATE INDEX "ProfileTopic_guildId_role_topicId_idx" ON "ProfileTopic"("guildId", "role", "topicId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Profile_guildId_isMentor_mentorAvailable_mentorAvailableUntil_mentorCapacity_idx" ON "Profile"("guildId", "isMentor", "mentorAvailable", "mentorAvailableUntil", "mentorCapacity");

-- CreateIndex
CREATE INDEX "Profile_guildId_isMentee_menteeWaitingSince_createdAt_idx" ON "Profile"("guildId", "isMentee", "menteeWaitingSince", "createdAt");
